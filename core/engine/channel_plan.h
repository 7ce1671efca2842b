#pragma once
// DataX's channel arithmetic (JobContainer#adjustChannelNumber) and the per-channel speed limits.

#include <cstdint>
#include <string>

#include "core/engine/job_config.h"
#include "dbbridge/sdk/status.h"

namespace dbbridge::core::engine {

struct ChannelPlan {
    int channels = 1;                     // needed channels before min(channels, tasks)
    std::int64_t channel_byte_limit = 0;  // bytes/s per channel, 0 = unlimited
    std::int64_t channel_record_limit = 0;
    std::string reason;  // how the number was obtained, for the log
};

// As DataX: speed.byte / speed.record (when > 0) divided by the per-channel limits
// core.transport.channel.speed.byte / .record give the channel count, and then speed.channel is
// ignored; otherwise speed.channel; neither -> error "Job运行速度必须设置".
// Where DataX fails (a job-level byte/record limit without a per-channel one, error Framework-03)
// we run speed.channel channels (1 if unset) and split the job-level limit evenly among them,
// so the job-level figure is honoured.
sdk::Result<ChannelPlan> PlanChannels(const SpeedSetting& speed);

// Effective channels: min(needed, tasks), at least 1.
int EffectiveChannels(int needed, std::size_t tasks);

}  // namespace dbbridge::core::engine
