#pragma once
// Status and Result<T>: the only way errors cross a module or plugin boundary.
// Codes map one to one to API responses (see host/). Both are [[nodiscard]]: a dropped error is a
// compile warning; where ignoring one is right, say why and cast the call to (void).

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace dbbridge::sdk {

enum class StatusCode : std::int32_t {
    kOk = 0,
    kInvalidArgument = 1,  // bad input; message names the field / JSON path / line
    kNotFound = 2,
    kAlreadyExists = 3,    // conflict, e.g. duplicate source_name
    kUnauthenticated = 4,  // wrong credentials
    kUnavailable = 5,      // server unreachable, connection lost
    kDeadlineExceeded = 6, // timeout
    kCancelled = 7,        // killed by the user / signal
    kUnimplemented = 8,
    kDataError = 9,        // a value the target rejects (dirty record)
    kInternal = 10,
    kResourceExhausted = 11,  // a limit on what one caller may hold or ask (HTTP 429)
    kPermissionDenied = 12,   // the caller may see the object but not do this to it (HTTP 403)
};

class [[nodiscard]] Status {
public:
    Status() = default;
    Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

    static Status Ok() { return {}; }
    static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
    static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
    static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
    static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
    static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
    static Status DeadlineExceeded(std::string m) { return {StatusCode::kDeadlineExceeded, std::move(m)}; }
    static Status Cancelled(std::string m) { return {StatusCode::kCancelled, std::move(m)}; }
    static Status Unimplemented(std::string m) { return {StatusCode::kUnimplemented, std::move(m)}; }
    static Status DataError(std::string m) { return {StatusCode::kDataError, std::move(m)}; }
    static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
    static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
    static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }

    bool ok() const { return code_ == StatusCode::kOk; }
    StatusCode code() const { return code_; }
    const std::string& message() const { return message_; }

    // Returns a copy whose message is "prefix: message" (adds context while propagating).
    Status WithContext(const std::string& prefix) const {
        if (ok()) {
            return *this;
        }
        return {code_, prefix + ": " + message_};
    }

private:
    StatusCode code_ = StatusCode::kOk;
    std::string message_;
};

// Holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
    Result(Status status) : status_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

    bool ok() const { return value_.has_value(); }
    const Status& status() const { return status_; }
    T& value() & { return *value_; }
    const T& value() const& { return *value_; }
    T&& value() && { return std::move(*value_); }
    T* operator->() { return &*value_; }
    const T* operator->() const { return &*value_; }
    T& operator*() & { return *value_; }
    const T& operator*() const& { return *value_; }

private:
    Status status_;
    std::optional<T> value_;
};

}  // namespace dbbridge::sdk

// Propagates a non-OK Status from an expression returning Status.
#define DBB_RETURN_IF_ERROR(expr)             \
    do {                                      \
        ::dbbridge::sdk::Status _st = (expr); \
        if (!_st.ok()) {                      \
            return _st;                       \
        }                                     \
    } while (0)

// Declares or assigns lhs from an expression returning Result<T>, or returns its non-OK Status
// from the enclosing function (which returns Status or any Result<U>):
//   DBB_ASSIGN_OR_RETURN(auto conn, dialect.Connect(spec));
//   DBB_ASSIGN_OR_RETURN(columns, conn->ListColumns(table));
// Expands to several statements: use it inside braces, never as the body of an unbraced if.
#define DBB_ASSIGN_OR_RETURN(lhs, expr) DBB_ASSIGN_OR_RETURN_IMPL_(DBB_STATUS_CONCAT_(dbb_result_, __LINE__), lhs, expr)
#define DBB_STATUS_CONCAT_INNER_(a, b) a##b
#define DBB_STATUS_CONCAT_(a, b) DBB_STATUS_CONCAT_INNER_(a, b)
#define DBB_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
    auto tmp = (expr);                              \
    if (!tmp.ok()) {                                \
        return tmp.status();                        \
    }                                               \
    lhs = std::move(tmp).value()
