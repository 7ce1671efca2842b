#include "core/engine/channel_plan.h"

#include <algorithm>

namespace dbbridge::core::engine {

using sdk::Result;
using sdk::Status;

Result<ChannelPlan> PlanChannels(const SpeedSetting& speed) {
    ChannelPlan plan;
    plan.channel_byte_limit = speed.channel_byte_limit > 0 ? speed.channel_byte_limit : 0;
    plan.channel_record_limit = speed.channel_record_limit > 0 ? speed.channel_record_limit : 0;
    // JobContainer#adjustChannelNumber: a job-level limit is divided by the per-channel one, which
    // must therefore be set (core.json ships -1, so a job setting only speed.byte fails, DataX #1498).
    std::int64_t by_byte = -1;
    std::int64_t by_record = -1;
    if (speed.byte > 0) {
        if (plan.channel_byte_limit <= 0) {
            return Status::InvalidArgument(
                "Code:[Framework-03], Description:[DataX引擎配置错误，该问题通常是由于DataX安装错误引起，请联系您的运维解决 .]. "
                " - 在有总bps限速条件下，单个channel的bps值不能为空，也不能为非正数 (job.setting.speed.byte needs "
                "core.transport.channel.speed.byte, e.g. \"core\": {\"transport\": {\"channel\": {\"speed\": "
                "{\"byte\": 1048576}}}})");
        }
        by_byte = std::max<std::int64_t>(1, speed.byte / plan.channel_byte_limit);
    }
    if (speed.record > 0) {
        if (plan.channel_record_limit <= 0) {
            return Status::InvalidArgument(
                "Code:[Framework-03], Description:[DataX引擎配置错误，该问题通常是由于DataX安装错误引起，请联系您的运维解决 .]. "
                " - 在有总tps限速条件下，单个channel的tps值不能为空，也不能为非正数 (job.setting.speed.record needs "
                "core.transport.channel.speed.record)");
        }
        by_record = std::max<std::int64_t>(1, speed.record / plan.channel_record_limit);
    }
    if (by_byte > 0 || by_record > 0) {
        std::int64_t need = by_byte > 0 && by_record > 0 ? std::min(by_byte, by_record)
                                                         : std::max(by_byte, by_record);
        plan.channels = static_cast<int>(std::min<std::int64_t>(need, 1024));
        plan.reason = "from the job speed limits";
        if (by_byte > 0) {
            plan.reason += " (byte " + std::to_string(speed.byte) + " B/s -> " + std::to_string(by_byte) + ")";
        }
        if (by_record > 0) {
            plan.reason +=
                " (record " + std::to_string(speed.record) + " rec/s -> " + std::to_string(by_record) + ")";
        }
        return plan;
    }
    if (speed.channel > 0) {
        plan.channels = static_cast<int>(std::min<std::int64_t>(speed.channel, 1024));
        plan.reason = "from job.setting.speed.channel";
        return plan;
    }
    return Status::InvalidArgument(
        "job.setting.speed: Job运行速度必须设置 (set job.setting.speed.channel, .byte or .record)");
}

int EffectiveChannels(int needed, std::size_t tasks) {
    std::size_t n = std::min<std::size_t>(static_cast<std::size_t>(std::max(needed, 1)), tasks);
    return static_cast<int>(std::max<std::size_t>(n, 1));
}

}  // namespace dbbridge::core::engine
