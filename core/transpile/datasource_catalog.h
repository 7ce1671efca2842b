#pragma once
// Catalog-aware translation: the tables a statement names are looked up on the datasource the SQL
// will run on, through the SDK calls every plugin has (Connection::ListColumns for names and
// types, Dialect::PrimaryKeyColumns for the key). Connects on the first table asked about, so a
// statement that names no table costs no connection. Not thread-safe (one per translation).

#include <memory>
#include <string>

#include "core/sql/transpiler.h"
#include "dbbridge/sdk/connection.h"
#include "dbbridge/sdk/dialect.h"

namespace dbbridge::core {

class DatasourceCatalog final : public sql::CatalogSource {
public:
    // What to do when the datasource cannot be reached or read.
    enum class OnError {
        kFail,       // the caller asked for this datasource: the translation fails naming it
        kTranslate,  // translate as without a catalog; the statement's own run reports the error
    };

    // dialect: the datasource's (reads its catalog); label names it in errors.
    DatasourceCatalog(const sdk::Dialect& dialect, sdk::ConnectionSpec spec, std::string label, OnError on_error);
    ~DatasourceCatalog() override;

    sdk::Status Describe(const std::string& table, const std::string& catalog_name, sql::Catalog& catalog) override;

private:
    sdk::Status Read(const std::string& table, const std::string& catalog_name, sql::Catalog& catalog);

    const sdk::Dialect& dialect_;
    sdk::ConnectionSpec spec_;
    std::string label_;
    OnError on_error_;
    std::unique_ptr<sdk::Connection> connection_;
    bool unavailable_ = false;  // kTranslate after a failure: no more attempts
};

// The translator's view of a column type read from a datasource.
sql::TypeClass TypeClassOf(sdk::JdbcType type);

}  // namespace dbbridge::core
