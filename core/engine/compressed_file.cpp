#include "core/engine/compressed_file.h"

#include <bzlib.h>
#include <zip.h>
#include <zlib.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

namespace {

constexpr std::size_t kBufferSize = 1 << 16;
constexpr int kBzipBlockSize = 9;  // commons-compress BZip2CompressorOutputStream's default

Status CannotOpen(const std::string& path) {
    return Status::NotFound("cannot open " + path + ": " + std::strerror(errno));
}

// libzip's text for a zip_open error code.
std::string ZipOpenError(int code) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    std::string why = zip_error_strerror(&e);
    zip_error_fini(&e);
    return why;
}

std::string BaseName(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

class PlainSource : public ByteSource {
public:
    PlainSource(std::FILE* f, std::string path) : file_(f), path_(std::move(path)) {}
    ~PlainSource() override { std::fclose(file_); }
    Result<std::size_t> Read(char* dst, std::size_t capacity) override {
        std::size_t n = std::fread(dst, 1, capacity, file_);
        if (n == 0 && std::ferror(file_)) {
            return Status::Internal("cannot read " + path_ + ": " + std::strerror(errno ? errno : EIO));
        }
        return n;
    }

private:
    std::FILE* file_;
    std::string path_;
};

class GzipSource : public ByteSource {
public:
    GzipSource(gzFile gz, std::string path) : gz_(gz), path_(std::move(path)) {}
    ~GzipSource() override { gzclose(gz_); }
    Result<std::size_t> Read(char* dst, std::size_t capacity) override {
        int r = gzread(gz_, dst, static_cast<unsigned>(capacity));
        if (r < 0) {
            int code = 0;
            return Status::InvalidArgument("cannot read " + path_ + " as gzip: " + gzerror(gz_, &code));
        }
        return static_cast<std::size_t>(r);
    }

private:
    gzFile gz_;
    std::string path_;
};

// bzip2 through bz_stream so concatenated streams (a file appended to) read as one.
class Bzip2Source : public ByteSource {
public:
    Bzip2Source(std::FILE* f, std::string path) : file_(f), path_(std::move(path)), in_(kBufferSize) {}
    ~Bzip2Source() override {
        if (open_) {
            BZ2_bzDecompressEnd(&bz_);
        }
        std::fclose(file_);
    }
    Result<std::size_t> Read(char* dst, std::size_t capacity) override {
        while (true) {
            if (bz_.avail_in == 0 && !eof_) {
                std::size_t n = std::fread(in_.data(), 1, in_.size(), file_);
                eof_ = n == 0;
                bz_.next_in = in_.data();
                bz_.avail_in = static_cast<unsigned>(n);
            }
            if (!open_) {
                if (bz_.avail_in == 0) {
                    return std::size_t{0};
                }
                if (BZ2_bzDecompressInit(&bz_, 0, 0) != BZ_OK) {
                    return Status::Internal("cannot start bzip2 decompression of " + path_);
                }
                open_ = true;
            }
            bz_.next_out = dst;
            bz_.avail_out = static_cast<unsigned>(capacity);
            int rc = BZ2_bzDecompress(&bz_);
            std::size_t produced = capacity - bz_.avail_out;
            if (rc == BZ_STREAM_END) {
                BZ2_bzDecompressEnd(&bz_);
                open_ = false;  // another stream may follow
            } else if (rc != BZ_OK) {
                return Status::InvalidArgument("cannot read " + path_ + " as bzip2 (error " + std::to_string(rc) + ")");
            } else if (produced == 0 && eof_ && bz_.avail_in == 0) {
                return Status::InvalidArgument("cannot read " + path_ + ": the bzip2 stream is cut short");
            }
            if (produced > 0) {
                return produced;
            }
        }
    }

private:
    std::FILE* file_;
    std::string path_;
    std::vector<char> in_;
    bz_stream bz_{};
    bool open_ = false;
    bool eof_ = false;
};

class ZipSource : public ByteSource {
public:
    ZipSource(zip_t* z, std::string path) : zip_(z), path_(std::move(path)), count_(zip_get_num_entries(z, 0)) {}
    ~ZipSource() override {
        if (entry_) {
            zip_fclose(entry_);
        }
        zip_discard(zip_);
    }
    Result<std::size_t> Read(char* dst, std::size_t capacity) override {
        while (true) {
            if (!entry_) {
                if (next_ >= count_) {
                    return std::size_t{0};
                }
                zip_uint64_t index = static_cast<zip_uint64_t>(next_++);
                const char* name = zip_get_name(zip_, index, 0);
                std::string entry_name = name ? name : "";
                if (!entry_name.empty() && entry_name.back() == '/') {
                    continue;  // a directory entry (ZipCycleInputStream skips them)
                }
                entry_ = zip_fopen_index(zip_, index, 0);
                if (!entry_) {
                    return Status::InvalidArgument("cannot read entry " + entry_name + " of " + path_ + ": " +
                                                   zip_strerror(zip_));
                }
            }
            zip_int64_t n = zip_fread(entry_, dst, capacity);
            if (n < 0) {
                return Status::InvalidArgument("cannot read " + path_ + " as zip: " + zip_file_strerror(entry_));
            }
            if (n > 0) {
                return static_cast<std::size_t>(n);
            }
            zip_fclose(entry_);
            entry_ = nullptr;
        }
    }

private:
    zip_t* zip_;
    std::string path_;
    zip_int64_t count_;
    zip_int64_t next_ = 0;
    zip_file_t* entry_ = nullptr;
};

class PlainSink : public ByteSink {
public:
    PlainSink(std::FILE* f, std::string path) : file_(f), path_(std::move(path)) {}
    ~PlainSink() override {
        if (file_) {
            std::fclose(file_);
        }
    }
    Status Write(const char* data, std::size_t size) override {
        if (std::fwrite(data, 1, size, file_) != size) {
            return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
        }
        return Status::Ok();
    }
    Status Flush() override {
        if (std::fflush(file_) != 0) {
            return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
        }
        return Status::Ok();
    }
    Status Close() override {
        int rc = std::fclose(file_);
        file_ = nullptr;
        if (rc != 0) {
            return Status::Internal("cannot write " + path_ + ": " + std::strerror(errno));
        }
        return Status::Ok();
    }

private:
    std::FILE* file_;
    std::string path_;
};

class GzipSink : public ByteSink {
public:
    GzipSink(gzFile gz, std::string path) : gz_(gz), path_(std::move(path)) {}
    ~GzipSink() override {
        if (gz_) {
            gzclose(gz_);
        }
    }
    Status Write(const char* data, std::size_t size) override {
        if (size > 0 && gzwrite(gz_, data, static_cast<unsigned>(size)) == 0) {
            return Status::Internal("cannot write " + path_);
        }
        return Status::Ok();
    }
    Status Flush() override { return Status::Ok(); }  // a gzip sync point per commit would bloat the file
    Status Close() override {
        int rc = gzclose(gz_);
        gz_ = nullptr;
        return rc == Z_OK ? Status::Ok() : Status::Internal("cannot write " + path_);
    }

private:
    gzFile gz_;
    std::string path_;
};

class Bzip2Sink : public ByteSink {
public:
    Bzip2Sink(std::FILE* f, BZFILE* bz, std::string path) : file_(f), bz_(bz), path_(std::move(path)) {}
    ~Bzip2Sink() override {
        if (bz_) {
            int rc = 0;
            BZ2_bzWriteClose(&rc, bz_, 1, nullptr, nullptr);
        }
        if (file_) {
            std::fclose(file_);
        }
    }
    Status Write(const char* data, std::size_t size) override {
        int rc = BZ_OK;
        if (size > 0) {
            BZ2_bzWrite(&rc, bz_, const_cast<char*>(data), static_cast<int>(size));
        }
        return rc == BZ_OK ? Status::Ok() : Status::Internal("cannot write " + path_ + " (bzip2 error " +
                                                             std::to_string(rc) + ")");
    }
    Status Flush() override { return Status::Ok(); }
    Status Close() override {
        int rc = BZ_OK;
        BZ2_bzWriteClose(&rc, bz_, 0, nullptr, nullptr);
        bz_ = nullptr;
        int closed = std::fclose(file_);
        file_ = nullptr;
        if (rc != BZ_OK || closed != 0) {
            return Status::Internal("cannot write " + path_);
        }
        return Status::Ok();
    }

private:
    std::FILE* file_;
    BZFILE* bz_;
    std::string path_;
};

// libzip writes the archive on zip_close and wants the entry's whole data then, so the text goes
// to a plain file beside the target first and becomes the zip's single entry on Close (flat memory).
class ZipSink : public ByteSink {
public:
    ZipSink(std::FILE* staging, std::string staging_path, std::string path)
        : staging_(staging, std::move(staging_path)), path_(std::move(path)), staging_path_(StagingPath(path_)) {}
    ~ZipSink() override {
        if (!closed_) {
            (void)staging_.Close();  // the staging file is removed next; nothing to report from a destructor
            std::remove(staging_path_.c_str());
        }
    }
    static std::string StagingPath(const std::string& path) { return path + ".dbbridge-zip-staging"; }
    Status Write(const char* data, std::size_t size) override { return staging_.Write(data, size); }
    Status Flush() override { return staging_.Flush(); }
    Status Close() override {
        closed_ = true;
        Status st = staging_.Close();
        if (st.ok()) {
            st = Pack();
        }
        std::remove(staging_path_.c_str());
        return st;
    }

private:
    Status Pack() {
        int err = 0;
        zip_t* z = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
        if (!z) {
            return Status::Internal("cannot create " + path_ + ": " + ZipOpenError(err));
        }
        zip_source_t* src = zip_source_file(z, staging_path_.c_str(), 0, -1);
        if (!src || zip_file_add(z, BaseName(path_).c_str(), src, ZIP_FL_OVERWRITE) < 0) {
            std::string why = zip_strerror(z);
            if (src) {
                zip_source_free(src);
            }
            zip_discard(z);
            return Status::Internal("cannot write " + path_ + ": " + why);
        }
        if (zip_close(z) != 0) {
            std::string why = zip_strerror(z);
            zip_discard(z);
            return Status::Internal("cannot write " + path_ + ": " + why);
        }
        return Status::Ok();
    }

    PlainSink staging_;
    std::string path_;
    std::string staging_path_;
    bool closed_ = false;
};

}  // namespace

const char* CompressionName(Compression c) {
    switch (c) {
        case Compression::kNone: return "none";
        case Compression::kGzip: return "gzip";
        case Compression::kBzip2: return "bzip2";
        case Compression::kZip: return "zip";
    }
    return "none";
}

Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path, Compression compression) {
    if (compression == Compression::kZip) {
        int err = 0;
        zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
        if (!z) {
            return Status::InvalidArgument("cannot open " + path + " as zip: " + ZipOpenError(err));
        }
        return std::unique_ptr<ByteSource>(new ZipSource(z, path));
    }
    if (compression == Compression::kGzip) {
        gzFile gz = gzopen(path.c_str(), "rb");
        if (!gz) {
            return CannotOpen(path);
        }
        gzbuffer(gz, kBufferSize);
        return std::unique_ptr<ByteSource>(new GzipSource(gz, path));
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        return CannotOpen(path);
    }
    if (compression == Compression::kBzip2) {
        return std::unique_ptr<ByteSource>(new Bzip2Source(f, path));
    }
    return std::unique_ptr<ByteSource>(new PlainSource(f, path));
}

Result<std::unique_ptr<ByteSink>> OpenByteSink(const std::string& path, Compression compression, bool append) {
    auto cannot_create = [&] { return Status::InvalidArgument("cannot create " + path + ": " + std::strerror(errno)); };
    if (compression == Compression::kGzip) {
        gzFile gz = gzopen(path.c_str(), append ? "ab" : "wb");
        if (!gz) {
            return cannot_create();
        }
        gzbuffer(gz, kBufferSize);
        return std::unique_ptr<ByteSink>(new GzipSink(gz, path));
    }
    std::string target = compression == Compression::kZip ? ZipSink::StagingPath(path) : path;
    std::FILE* f = std::fopen(target.c_str(), append && compression != Compression::kZip ? "ab" : "wb");
    if (!f) {
        return cannot_create();
    }
    if (compression == Compression::kZip) {
        return std::unique_ptr<ByteSink>(new ZipSink(f, target, path));
    }
    if (compression == Compression::kBzip2) {
        int rc = BZ_OK;
        BZFILE* bz = BZ2_bzWriteOpen(&rc, f, kBzipBlockSize, 0, 0);
        if (rc != BZ_OK || !bz) {
            std::fclose(f);
            return Status::Internal("cannot start bzip2 compression of " + path);
        }
        return std::unique_ptr<ByteSink>(new Bzip2Sink(f, bz, path));
    }
    return std::unique_ptr<ByteSink>(new PlainSink(f, path));
}

}  // namespace dbbridge::core::engine
