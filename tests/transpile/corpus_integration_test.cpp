// Proof by execution: every statement of the Oracle and MySQL corpora is translated for each
// target that can run here, executed on the real server, and its rows compared with the rows
// the source database returns (written in the corpus from the vendor's documented semantics).
//
// Corpus format (tests/transpile/*.corpus):
//   %% setup            source-dialect SQL run once per target database (translated too)
//   %% case <name> [ordered] [refuse=TARGET,TARGET]   (those targets must refuse to translate it)
//   <source SQL, may be several ';'-separated statements: the rows of the last one are compared>
//   =>
//   <expected rows, one per line, columns separated by '|', NULL written <null>>
// Normalisation (both sides): numbers rounded to 6 decimals without trailing zeros; a bare date
// gets " 00:00:00"; ".000" fractions dropped; PostgreSQL booleans as 1/0; with an Oracle source
// '' equals NULL (Oracle has no empty string). Rows compare as multisets unless "ordered".

#include <libpq-fe.h>
#include <mysql.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <unistd.h>

#include "core/sql/transpiler.h"
#include "tests/support/orafce_standin.h"
#include "tests/support/test_env.h"

namespace dbbridge::sql {
namespace {

struct Case {
    std::string name;
    bool ordered = false;
    std::vector<std::string> refused_by;  // targets that must refuse the translation
    std::string sql;
    std::vector<std::string> expected;
};

struct Corpus {
    std::string source;  // ORACLE / MYSQL
    std::string setup;
    std::vector<Case> cases;
};

Corpus LoadCorpus(const std::string& path, const std::string& source) {
    std::ifstream in(path);
    Corpus c;
    c.source = source;
    std::string line;
    enum { kNone, kSetup, kSql, kRows } mode = kNone;
    while (std::getline(in, line)) {
        if (line.rfind("%% setup", 0) == 0) {
            mode = kSetup;
            continue;
        }
        if (line.rfind("%% case ", 0) == 0) {
            Case k;
            std::istringstream hs(line.substr(8));
            hs >> k.name;
            std::string flag;
            while (hs >> flag) {
                k.ordered = k.ordered || flag == "ordered";
                if (flag.rfind("refuse=", 0) == 0) {
                    std::istringstream names(flag.substr(7));
                    std::string name;
                    while (std::getline(names, name, ',')) {
                        k.refused_by.push_back(name);
                    }
                }
            }
            c.cases.push_back(k);
            mode = kSql;
            continue;
        }
        if (mode == kSetup) {
            c.setup += line + "\n";
        } else if (mode == kSql) {
            if (line == "=>") {
                mode = kRows;
            } else {
                c.cases.back().sql += line + "\n";
            }
        } else if (mode == kRows && !line.empty()) {
            c.cases.back().expected.push_back(line);
        }
    }
    return c;
}

std::string NormCell(std::string v, bool oracle) {
    static const std::regex num(R"(^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)");
    static const std::regex date(R"(^\d{4}-\d{2}-\d{2}$)");
    static const std::regex frac(R"(^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})\.0*$)");
    if (v == "<null>" || (oracle && v.empty())) {
        return "<null>";
    }
    if (std::regex_match(v, num)) {
        char buf[64];
        long double d = std::strtold(v.c_str(), nullptr);
        std::snprintf(buf, sizeof buf, "%.6Lf", d);
        std::string s = buf;
        while (!s.empty() && s.back() == '0') {
            s.pop_back();
        }
        if (!s.empty() && s.back() == '.') {
            s.pop_back();
        }
        return s == "-0" ? "0" : s;
    }
    if (std::regex_match(v, date)) {
        return v + " 00:00:00";
    }
    std::smatch m;
    if (std::regex_match(v, m, frac)) {
        return m[1];
    }
    return v;
}

std::string NormRow(const std::string& row, bool oracle) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        std::size_t bar = row.find('|', start);
        out += (start ? "|" : "") + NormCell(row.substr(start, bar - start), oracle);
        if (bar == std::string::npos) {
            return out;
        }
        start = bar + 1;
    }
}

// One database per target, created for this run and dropped afterwards.
class Db {
public:
    virtual ~Db() = default;
    // Runs sql (possibly several statements); rows of the last result set go to rows.
    virtual std::string Exec(const std::string& sql, std::vector<std::string>* rows) = 0;
};

class PgDb : public Db {
public:
    PgDb(const std::string& admin_url, const std::string& name, bool orafce) : admin_(admin_url), name_(name) {
        Run(admin_, "DROP DATABASE IF EXISTS " + name_);
        Run(admin_, "CREATE DATABASE " + name_);
        std::string url = admin_url.substr(0, admin_url.rfind('/') + 1) + name_;
        conn_ = PQconnectdb(url.c_str());
        std::vector<std::string> none;
        Exec(std::string("SET TIME ZONE 'UTC'; SET datestyle = ISO; SET search_path = ") +
                 (orafce ? "public, oracle, pg_catalog" : "public, pg_catalog"),
             &none);
    }
    ~PgDb() override {
        PQfinish(conn_);
        Run(admin_, "DROP DATABASE IF EXISTS " + name_);
    }
    std::string Exec(const std::string& sql, std::vector<std::string>* rows) override {
        PGresult* r = PQexec(conn_, sql.c_str());
        std::string err;
        auto st = PQresultStatus(r);
        if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
            err = PQresultErrorMessage(r);
        } else if (rows && st == PGRES_TUPLES_OK) {
            rows->clear();
            for (int i = 0; i < PQntuples(r); ++i) {
                std::string row;
                for (int j = 0; j < PQnfields(r); ++j) {
                    std::string v = PQgetisnull(r, i, j) ? "<null>" : PQgetvalue(r, i, j);
                    if (PQftype(r, j) == 16 && v != "<null>") {
                        v = v == "t" ? "1" : "0";
                    }
                    row += (j ? "|" : "") + v;
                }
                rows->push_back(row);
            }
        }
        PQclear(r);
        return err;
    }

private:
    static void Run(const std::string& url, const std::string& sql) {
        PGconn* c = PQconnectdb(url.c_str());
        PQclear(PQexec(c, sql.c_str()));
        PQfinish(c);
    }
    std::string admin_;
    std::string name_;
    PGconn* conn_ = nullptr;
};

class MyDb : public Db {
public:
    MyDb(const std::string& url, const std::string& name) : name_(name) {
        static const std::regex re(R"(mysql://([^:]+):([^@]*)@([^:/]+):(\d+)/(\w+))");
        std::smatch m;
        std::regex_match(url, m, re);
        conn_ = mysql_init(nullptr);
        mysql_options(conn_, MYSQL_SET_CHARSET_NAME, "utf8mb4");  // as the mysql plugin connects
        mysql_real_connect(conn_, m[3].str().c_str(), m[1].str().c_str(), m[2].str().c_str(), nullptr,
                           std::stoi(m[4]), nullptr, CLIENT_MULTI_STATEMENTS);
        std::vector<std::string> none;
        Exec("DROP DATABASE IF EXISTS " + name_ + "; CREATE DATABASE " + name_ + "; USE " + name_ +
                 "; SET time_zone = '+00:00'; SET SESSION group_concat_max_len = 1000000",
             &none);
    }
    ~MyDb() override {
        std::vector<std::string> none;
        Exec("DROP DATABASE IF EXISTS " + name_, &none);
        mysql_close(conn_);
    }
    std::string Exec(const std::string& sql, std::vector<std::string>* rows) override {
        std::string err;
        if (mysql_query(conn_, sql.c_str()) != 0) {
            return mysql_error(conn_);
        }
        do {
            MYSQL_RES* res = mysql_store_result(conn_);
            if (res) {
                if (rows) {
                    rows->clear();
                    unsigned n = mysql_num_fields(res);
                    while (MYSQL_ROW r = mysql_fetch_row(res)) {
                        unsigned long* len = mysql_fetch_lengths(res);
                        std::string row;
                        for (unsigned j = 0; j < n; ++j) {
                            row += (j ? "|" : "") + (r[j] ? std::string(r[j], len[j]) : std::string("<null>"));
                        }
                        rows->push_back(row);
                    }
                }
                mysql_free_result(res);
            } else if (mysql_errno(conn_)) {
                err = mysql_error(conn_);
            }
            int next = mysql_next_result(conn_);
            if (next > 0) {
                err = mysql_error(conn_);
                break;
            }
            if (next < 0) {
                break;
            }
        } while (true);
        return err;
    }

private:
    std::string name_;
    MYSQL* conn_ = nullptr;
};

struct TargetRun {
    std::string target;  // profile name
    std::string server;  // "pg", "pg+orafce", "mariadb"
};

struct Outcome {
    int passed = 0;
    int total = 0;
    std::vector<std::string> failures;
};

Outcome RunTarget(const Corpus& corpus, const TargetRun& tr, Db& db) {
    Outcome out;
    const bool oracle = corpus.source == "ORACLE";
    const TargetProfile profile = ProfileFromSqlTarget(tr.target, dbbridge::test::OrafceStandIn(*BuiltinSqlTarget(tr.target)));
    Catalog catalog;
    TranspileOptions opts;
    opts.catalog = &catalog;
    auto setup = Transpile(corpus.source, corpus.setup, profile, opts);
    if (!setup.ok()) {
        out.failures.push_back("setup: " + setup.status().message());
        out.total = static_cast<int>(corpus.cases.size());
        return out;
    }
    std::string err = db.Exec(setup->sql, nullptr);
    if (!err.empty()) {
        out.failures.push_back("setup failed: " + err + "\n" + setup->sql);
    }
    for (const auto& c : corpus.cases) {
        ++out.total;
        Catalog local = catalog;
        TranspileOptions o;
        o.catalog = &local;
        auto t = Transpile(corpus.source, c.sql, profile, o);
        const bool must_refuse =
            std::find(c.refused_by.begin(), c.refused_by.end(), tr.target) != c.refused_by.end();
        if (must_refuse) {
            if (t.ok()) {
                out.failures.push_back(c.name + ": translated although it must be refused: " + t->sql);
            } else if (t.status().code() != StatusCode::kUnimplemented) {
                out.failures.push_back(c.name + ": refused with the wrong error: " + t.status().message());
            } else {
                ++out.passed;
            }
            continue;
        }
        if (!t.ok()) {
            out.failures.push_back(c.name + ": not translated: " + t.status().message());
            continue;
        }
        std::vector<std::string> rows;
        const bool my = tr.server == "mariadb";
        db.Exec(my ? "START TRANSACTION" : "BEGIN", nullptr);
        err = db.Exec(t->sql, &rows);
        db.Exec("ROLLBACK", nullptr);
        if (!err.empty()) {
            out.failures.push_back(c.name + ": error: " + err + "   SQL: " + t->sql);
            continue;
        }
        std::vector<std::string> got;
        std::vector<std::string> want;
        for (const auto& r : rows) {
            got.push_back(NormRow(r, oracle));
        }
        for (const auto& r : c.expected) {
            want.push_back(NormRow(r, oracle));
        }
        if (!c.ordered) {
            std::sort(got.begin(), got.end());
            std::sort(want.begin(), want.end());
        }
        if (got != want) {
            std::string g;
            for (const auto& r : got) {
                g += "[" + r + "] ";
            }
            std::string w;
            for (const auto& r : want) {
                w += "[" + r + "] ";
            }
            out.failures.push_back(c.name + ": rows differ: got " + g + " want " + w + "  SQL: " + t->sql);
            continue;
        }
        ++out.passed;
    }
    return out;
}

void RunCorpus(const std::string& file, const std::string& source, const std::vector<TargetRun>& targets) {
    DBB_REQUIRE_ENV(pg_admin, "DBBRIDGE_TEST_PG_ADMIN");
    DBB_REQUIRE_ENV(my_url, "DBBRIDGE_TEST_MYSQL");
    // DBB_TRANSPILE_CORPUS_DIR: run a held-out set kept outside the repository (same file names).
    const char* dir = std::getenv("DBB_TRANSPILE_CORPUS_DIR");
    const std::string corpus_dir = dir && *dir ? std::string(dir) : std::string(DBB_SOURCE_DIR) + "/tests/transpile";
    Corpus corpus = LoadCorpus(corpus_dir + "/" + file, source);
    ASSERT_GT(corpus.cases.size(), 0u) << file;
    std::printf("\n%-20s %-10s %8s %8s %8s\n", ("corpus " + source).c_str(), "server", "passed", "total", "rate");
    int n = 0;
    for (const auto& tr : targets) {
        std::string name = "dbb_sqlt_" + std::to_string(getpid()) + "_" + std::to_string(n++);
        std::unique_ptr<Db> db;
        if (tr.server == "mariadb") {
            db = std::make_unique<MyDb>(my_url, name);
        } else {
            db = std::make_unique<PgDb>(pg_admin, name, tr.server == "pg+orafce");
        }
        Outcome o = RunTarget(corpus, tr, *db);
        double rate = o.total ? 100.0 * o.passed / o.total : 0;
        std::printf("%-20s %-10s %8d %8d %7.1f%%\n", tr.target.c_str(), tr.server.c_str(), o.passed, o.total, rate);
        for (const auto& f : o.failures) {
            std::printf("    FAIL %s: %s\n", tr.target.c_str(), f.c_str());
        }
        EXPECT_GE(rate, 96.0) << source << " -> " << tr.target << " pass rate";
    }
    std::fflush(stdout);
}

TEST(TranspileCorpus, OracleStatementsRunOnEveryExecutableTarget) {
    RunCorpus("oracle.corpus", "ORACLE",
              {{"POSTGRESQL", "pg"}, {"LIGHTDB_ORACLE", "pg+orafce"}, {"GAUSSDB_ORACLE", "pg+orafce"},
               {"MYSQL", "mariadb"}, {"OCEAN_BASE_MYSQL", "mariadb"}});
}

TEST(TranspileCorpus, MySqlStatementsRunOnEveryExecutableTarget) {
    RunCorpus("mysql.corpus", "MYSQL",
              {{"MYSQL", "mariadb"}, {"POSTGRESQL", "pg"}, {"GAUSSDB500_ORACLE", "pg+orafce"}});
}

}  // namespace
}  // namespace dbbridge::sql
