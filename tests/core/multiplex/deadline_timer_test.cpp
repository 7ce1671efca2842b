#include "core/multiplex/deadline_timer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

namespace dbbridge::core::multiplex {
namespace {

// The timer thread is woken only for a deadline earlier than the one it sleeps towards: one
// scheduled after a far-away deadline must still fire on time.
TEST(DeadlineTimerTest, AnEarlierDeadlineScheduledLaterStillFiresOnTime) {
    DeadlineTimer timer;
    std::atomic<bool> far{false};
    std::atomic<bool> near{false};
    std::uint64_t far_id = timer.Schedule(60000, [&] { far = true; });
    auto t0 = std::chrono::steady_clock::now();
    timer.Schedule(20, [&] { near = true; });
    std::uint64_t later_id = timer.Schedule(30000, [&] { far = true; });  // not the earliest: no wake
    while (!near && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_TRUE(near.load());
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
    timer.Cancel(far_id);
    timer.Cancel(later_id);
    EXPECT_FALSE(far.load());
}

}  // namespace
}  // namespace dbbridge::core::multiplex
