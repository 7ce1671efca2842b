#pragma once
// Byte streams over plain, gzip, bzip2 and zip files for txtfilereader / txtfilewriter
// (DataX: UnstructuredStorageReaderUtil#readFromStream, UnstructuredStorageWriterUtil#writeToStream).
// zlib, libbz2 and libzip are Debian's libraries; a zip is read as the concatenation of its file
// entries in order (DataX's ZipCycleInputStream) and written as one entry.
// Not thread-safe; one object per task.

#include <cstddef>
#include <memory>
#include <string>

#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

enum class Compression { kNone, kGzip, kBzip2, kZip };

const char* CompressionName(Compression c);

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to capacity bytes; 0 at the end. Errors name the file.
    virtual sdk::Result<std::size_t> Read(char* dst, std::size_t capacity) = 0;
};

class ByteSink {
public:
    virtual ~ByteSink() = default;
    virtual sdk::Status Write(const char* data, std::size_t size) = 0;
    virtual sdk::Status Flush() = 0;
    // Completes the file (compression trailer, zip directory). Called once; the destructor of an
    // unclosed sink releases what it holds without completing the file.
    virtual sdk::Status Close() = 0;
};

sdk::Result<std::unique_ptr<ByteSource>> OpenByteSource(const std::string& path, Compression compression);
// append: add to an existing plain/gzip/bzip2 file (each write session is its own stream member,
// which gzip and bzip2 readers concatenate). A zip is always created anew.
sdk::Result<std::unique_ptr<ByteSink>> OpenByteSink(const std::string& path, Compression compression, bool append);

}  // namespace dbbridge::core::engine
