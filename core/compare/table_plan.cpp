#include "core/compare/table_plan.h"

#include <algorithm>
#include <cctype>

namespace dbbridge::core::compare {

namespace {

using sdk::JdbcType;

std::string Upper(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return s;
}

bool IsIntegerType(JdbcType t) {
    return t == JdbcType::kTinyInt || t == JdbcType::kSmallInt || t == JdbcType::kInteger || t == JdbcType::kBigInt;
}

// Keys must compare exactly and order the same way on every read: no floats, no large objects.
bool IsUsableKeyType(JdbcType t) {
    switch (t) {
        case JdbcType::kFloat:
        case JdbcType::kReal:
        case JdbcType::kDouble:
        case JdbcType::kBlob:
        case JdbcType::kClob:
        case JdbcType::kNClob:
        case JdbcType::kLongVarBinary:
        case JdbcType::kArray:
        case JdbcType::kSqlXml:
            return false;
        default:
            return true;
    }
}

const sdk::ColumnInfo* FindColumn(const std::vector<sdk::ColumnInfo>& columns, const std::string& name) {
    for (const auto& c : columns) {
        if (Upper(c.name) == Upper(name)) return &c;
    }
    return nullptr;
}

sdk::Result<std::unique_ptr<sdk::Connection>> Connect(const TableSide& side) {
    auto conn = side.dialect->Connect(side.connection);
    if (!conn.ok()) return conn.status().WithContext("datasource '" + side.label + "'");
    return conn;
}

// The columns of side's table; NotFound naming table and datasource when it has none.
sdk::Result<std::vector<sdk::ColumnInfo>> TableColumns(const TableSide& side, sdk::Connection& conn) {
    auto columns = conn.ListColumns(side.table);
    if (!columns.ok()) return columns.status().WithContext("datasource '" + side.label + "' table '" + side.table + "'");
    if (columns->empty()) {
        return sdk::Status::NotFound("table '" + side.table + "' not found on datasource '" + side.label + "'");
    }
    return columns;
}

// The key: as asked, else the source table's primary key; refused when there is none.
sdk::Result<std::vector<std::string>> KeyNames(const TableCompareRequest& request, sdk::Connection& source) {
    if (!request.key.empty()) return request.key;
    auto pk = request.source.dialect->PrimaryKeyColumns(source, request.source.table);
    if (!pk.ok() && pk.status().code() != sdk::StatusCode::kUnimplemented) return pk.status();
    if (!pk.ok() || pk->empty()) {
        return sdk::Status::InvalidArgument("table '" + request.source.table + "' on datasource '" +
                                            request.source.label +
                                            "' has no primary key: name the columns that identify a row with --key "
                                            "(key in the API)");
    }
    return pk;
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
    for (const auto& n : names) {
        if (Upper(n) == Upper(name)) return true;
    }
    return false;
}

// Compared column names in order: the key first, then the asked columns (or all the source's),
// without the columns rules.ignore_columns names (which must exist and not be part of the key).
sdk::Result<std::vector<std::string>> ComparedNames(const TableCompareRequest& request,
                                                    const std::vector<std::string>& key,
                                                    const std::vector<sdk::ColumnInfo>& source_columns) {
    const auto& ignored = request.rules.ignore_columns;
    for (const auto& name : ignored) {
        if (Contains(key, name)) {
            return sdk::Status::InvalidArgument("rules.ignore_columns: '" + name + "' is part of the key");
        }
        if (FindColumn(source_columns, name) == nullptr) {
            return sdk::Status::NotFound("rules.ignore_columns: column '" + name + "' not found in table '" +
                                         request.source.table + "' on datasource '" + request.source.label + "'");
        }
    }
    std::vector<std::string> names = key;
    auto add = [&](const std::string& n) {
        if (!Contains(names, n) && !Contains(ignored, n)) names.push_back(n);
    };
    if (request.columns.empty()) {
        for (const auto& c : source_columns) add(c.name);
    } else {
        for (const auto& c : request.columns) add(c);
    }
    return names;
}

sdk::Status FillSide(SidePlan& plan, const TableSide& side, sdk::Connection& conn,
                     const std::vector<sdk::ColumnInfo>& available, const std::vector<std::string>& names,
                     std::size_t key_count) {
    plan.side = &side;
    auto table = side.dialect->QuoteIdentifier(side.table);
    if (!table.ok()) return table.status().WithContext("datasource '" + side.label + "' table");
    plan.quoted_table = table.value();
    for (std::size_t i = 0; i < names.size(); ++i) {
        const sdk::ColumnInfo* c = FindColumn(available, names[i]);
        if (c == nullptr) {
            return sdk::Status::NotFound("column '" + names[i] + "' not found in table '" + side.table +
                                         "' on datasource '" + side.label + "'");
        }
        auto q = side.dialect->QuoteIdentifier(c->name);
        if (!q.ok()) return q.status().WithContext("column '" + c->name + "'");
        plan.columns.push_back(*c);
        plan.select_list += (i ? ", " : "") + q.value();
        if (i < key_count) {
            if (!IsUsableKeyType(c->jdbc_type)) {
                return sdk::Status::InvalidArgument("key column '" + c->name + "' of table '" + side.table +
                                                    "' on datasource '" + side.label + "' is " + c->native_type +
                                                    ", which cannot identify rows exactly; choose another --key");
            }
            auto ordered = side.dialect->ByteOrderKey(conn, side.table, *c, q.value());
            if (!ordered.ok()) return ordered.status().WithContext("datasource '" + side.label + "' key order");
            plan.key.quoted.push_back(q.value());
            plan.key.ordered.push_back(ordered.value());
            plan.key.types.push_back(c->jdbc_type);
            plan.key_list += (i ? ", " : "") + q.value();
            plan.order_list += (i ? ", " : "") + ordered.value();
        }
    }
    return sdk::Status::Ok();
}

}  // namespace

std::string SidePlan::Where() const { return "datasource '" + side->label + "' table '" + side->table + "'"; }

TableCompareReport TablePlan::EmptyReport() const {
    TableCompareReport r;
    r.source_label = source.side->label;
    r.target_label = target.side->label;
    r.source_table = source.side->table;
    r.target_table = target.side->table;
    r.columns = shape.columns;
    r.key.assign(shape.columns.begin(), shape.columns.begin() + static_cast<std::ptrdiff_t>(shape.key_count));
    return r;
}

sdk::Result<TablePlan> PlanComparison(const TableCompareRequest& request) {
    auto source = Connect(request.source);
    if (!source.ok()) return source.status();
    auto target = Connect(request.target);
    if (!target.ok()) return target.status();
    DBB_ASSIGN_OR_RETURN(auto source_columns, TableColumns(request.source, **source));
    DBB_ASSIGN_OR_RETURN(auto target_columns, TableColumns(request.target, **target));
    auto key = KeyNames(request, **source);
    if (!key.ok()) return key.status();
    DBB_ASSIGN_OR_RETURN(const auto names, ComparedNames(request, key.value(), source_columns));

    TablePlan plan;
    if (auto st = FillSide(plan.source, request.source, **source, source_columns, names, key->size()); !st.ok()) {
        return st;
    }
    if (auto st = FillSide(plan.target, request.target, **target, target_columns, names, key->size()); !st.ok()) {
        return st;
    }
    plan.shape.key_count = key->size();
    for (std::size_t i = 0; i < names.size(); ++i) {
        plan.shape.columns.push_back(plan.source.columns[i].name);
        plan.shape.source_types.push_back(plan.source.columns[i].jdbc_type);
        plan.shape.target_types.push_back(plan.target.columns[i].jdbc_type);
    }
    plan.normalizer.rules = request.rules;
    plan.normalizer.oracle_family =
        multiplex::IsOracleFamily(request.source.dialect->Name()) || multiplex::IsOracleFamily(request.target.dialect->Name());
    plan.integer_key = key->size() == 1 && IsIntegerType(plan.source.key.types[0]) && IsIntegerType(plan.target.key.types[0]);
    return plan;
}

sdk::Result<std::pair<std::unique_ptr<sdk::Connection>, std::unique_ptr<sdk::Connection>>> ConnectBoth(
    const TablePlan& plan) {
    DBB_ASSIGN_OR_RETURN(auto source, Connect(*plan.source.side));
    DBB_ASSIGN_OR_RETURN(auto target, Connect(*plan.target.side));
    return std::make_pair(std::move(source), std::move(target));
}

namespace {

// Min and max of the integer key on one side (nullopt: no row).
sdk::Result<std::optional<std::pair<std::int64_t, std::int64_t>>> KeySpan(const SidePlan& side, const std::string& where,
                                                                          sdk::Connection& conn) {
    sdk::ReadSpec spec;
    spec.table = side.side->table;
    spec.split_pk = side.columns[0].name;
    spec.where = where;
    auto span = conn.SplitRange(spec);
    if (!span.ok()) return span.status().WithContext(side.Where() + ": key range");
    return span;
}

}  // namespace

sdk::Result<std::vector<Segment>> InitialSegments(const TablePlan& plan, const TableCompareRequest& request) {
    if (!plan.integer_key) return std::vector<Segment>{Segment{}};
    auto conns = ConnectBoth(plan);
    if (!conns.ok()) return conns.status();
    DBB_ASSIGN_OR_RETURN(auto s, KeySpan(plan.source, request.where, *conns->first));
    DBB_ASSIGN_OR_RETURN(auto t, KeySpan(plan.target, request.where, *conns->second));
    if (!s && !t) return std::vector<Segment>{Segment{}};
    Segment whole;
    whole.has_int_span = true;
    whole.int_lo = std::min(s ? s->first : t->first, t ? t->first : s->first);
    whole.int_hi = std::max(s ? s->second : t->second, t ? t->second : s->second);
    auto segments = SplitIntSpan(whole, request.limits.segments);
    for (auto& seg : segments) seg.depth = 0;
    return segments;
}

}  // namespace dbbridge::core::compare
