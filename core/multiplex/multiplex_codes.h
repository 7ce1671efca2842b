#pragma once
// Response codes and message texts of the multiplex API, exactly as seed 004 §10.5.1.8 lists them.
// Messages with a "%s"/"%d" in the seed are built by the helpers below; details the seed does not
// cover are appended after the seed text so that the seed text always leads.

#include <string>

namespace dbbridge::core::multiplex {

inline constexpr int kCodeOk = 0;
inline constexpr int kCodeBadInput = 10000;
inline constexpr int kCodeNoTargetInfos = 10001;
inline constexpr int kCodeEmptyTargetDialect = 10002;
inline constexpr int kCodeUnsupportedTarget = 10003;
inline constexpr int kCodeBadSourceDialect = 10004;
inline constexpr int kCodeMissingSourceSql = 10005;
inline constexpr int kCodeEmptyBindName = 10006;
inline constexpr int kCodeUnsupportedBindType = 10007;
inline constexpr int kCodeExecution = 30000;
inline constexpr int kCodeReportFailed = 40002;
inline constexpr int kCodeUnauthorized = 40003;
inline constexpr int kCodeEmptyTraceId = 40004;
inline constexpr int kCodeInconsistent = 40005;
inline constexpr int kCodeReportQueryError = 40006;
inline constexpr int kCodeReportTimeout = 40007;
inline constexpr int kCodeUnknown = -1;

inline constexpr const char* kMsgConsistent = "成功,比对结果一致";
inline constexpr const char* kMsgEmptyBody = "入参不能为空!";
inline constexpr const char* kMsgNoTargetInfos = "目标数据库信息[targetDialectInfos]不能为空!";
inline constexpr const char* kMsgEmptyTargetDialect = "目标数据库类型[targetDialect]不能为空!";
inline constexpr const char* kMsgMissingSourceSql = "输入的源sql不能为空!";
inline constexpr const char* kMsgEmptyBindName = "绑定变量名[name]不能为空!";
inline constexpr const char* kMsgExecution = "多发数据库执行异常";
inline constexpr const char* kMsgReportFailed = "获取比对结果失败!";
inline constexpr const char* kMsgEmptyTraceId = "参数值[TraceId]不能为空";
inline constexpr const char* kMsgInconsistent = "比对报告结果不一致,可通过traceId,前往比对报告界面查看比对结果";
inline constexpr const char* kMsgReportQueryError = "查询比对报告结果时出现异常";
inline constexpr const char* kMsgReportTimeout = "比对报告结果获取超时";
inline constexpr const char* kMsgUnknown = "未知异常";
inline constexpr const char* kMsgBatchWaiting =
    "本次目标库执行结果已经发送给比对服务,等待剩余批次调用后开始比对,具体比对结果请通过traceId去比对服务界面查询";
// Not in the seed: the report could not be written to the store (answered with -1 to the call,
// 40006 to GetReport; never "no report").
inline constexpr const char* kMsgReportNotSaved = "比对报告保存失败";
// Not in the seed: a statement whose result is not deterministic differed between databases.
inline constexpr const char* kMsgNonDeterministic = "成功,语句结果不确定(非确定性语句),差异不判定为不一致";

inline std::string MsgUnsupportedTarget(const std::string& dialect) {
    return "目标数据库类型[" + dialect + "]暂不支持!";
}
inline std::string MsgBadSourceDialect(const std::string& dialect) {
    return "源端数据库类型[" + dialect + "]输入不正确,目前只持支oracle,mysql!";
}
inline std::string MsgUnsupportedBindType(long long type) {
    return "绑定变量类型[" + std::to_string(type) + "]不支持!";
}

}  // namespace dbbridge::core::multiplex
