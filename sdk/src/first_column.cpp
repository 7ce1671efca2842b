#include "dbbridge/sdk/util/first_column.h"

namespace dbbridge::sdk::util {

namespace {

// Collects the first column of every row as text.
class FirstColumnSink : public RowSink {
public:
    Status OnColumns(const std::vector<ColumnInfo>&) noexcept override { return Status::Ok(); }
    bool OnRow(const Record& row) noexcept override {
        try {
            names.push_back(row.empty() ? std::string() : row[0].s);
            return true;
        } catch (...) {
            return false;
        }
    }
    std::vector<std::string> names;
};

}  // namespace

Result<std::vector<std::string>> QueryFirstColumn(const Dialect& dialect, Connection& connection,
                                                  const std::string& sql,
                                                  const std::vector<std::pair<std::string, Value>>& values) {
    std::vector<std::string> order;
    DBB_ASSIGN_OR_RETURN(auto rewritten, dialect.RewriteBinds(sql, order));
    std::vector<BindValue> binds;
    for (const auto& name : order) {
        for (const auto& [n, v] : values) {
            if (n == name) {
                binds.push_back(BindValue{n, JdbcType::kVarchar, v});
            }
        }
    }
    FirstColumnSink sink;
    DBB_ASSIGN_OR_RETURN(auto result, connection.Execute(rewritten, binds, &sink, ExecuteOptions{}));
    if (result.failed) {
        return Status::Internal(result.error_message);
    }
    return sink.names;
}

}  // namespace dbbridge::sdk::util
