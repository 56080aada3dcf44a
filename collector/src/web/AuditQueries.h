// The audit dashboard's figures, read from the database: active devices by model, OS, CPU and
// memory, by time since their last contact; peripheral replacements per week; the payment
// peripherals connected now (PCI DSS 9.5.1.1); SLA compliance of tickets. Statements are
// parameterised and go through Database::sql(); reads use pooled sessions.
#pragma once

#include "parque/collector/Database.h"
#include "parque/collector/tickets/TicketStore.h"
#include "parque/collector/tickets/TimeZone.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace parque::collector::web {

// A value and how many active devices have it; an empty value means not reported.
struct ModelCount {
    std::string manufacturer, model;
    std::int64_t devices = 0;
};
struct NameCount {
    std::string name;
    std::int64_t devices = 0;
};

// Installed memory in GiB: up to 4, over 4 up to 8, ... over 32, not reported.
enum class MemoryBucket { UpTo4, UpTo8, UpTo16, UpTo32, Over32, Unknown };
constexpr std::size_t kMemoryBuckets = 6;
MemoryBucket memoryBucket(std::optional<std::int64_t> megabytes);

// Time since the last contact: under a day, 1-7 days, 7-30 days, over 30 days, never.
enum class SilenceBucket { UnderDay, UpToWeek, UpToMonth, OverMonth, Never };
constexpr std::size_t kSilenceBuckets = 5;
SilenceBucket silenceBucket(std::optional<std::int64_t> lastContact, std::int64_t when);

struct WeekCount {
    std::string weekStart;  // the Monday, local date "2026-11-16"
    std::int64_t replacements = 0;
};

struct PaymentDevice {
    std::string deviceId, deviceName, site;
    std::string kind;  // "pin-pad", "receipt-printer", "barcode-scanner"
    std::string manufacturer, model, serial, usbId;  // usbId "0b00:0053"
    std::string firstSeen;                           // UTC text: since when it is connected
};

// Tickets by their resolution target: resolved in time, breached (late or overdue), still open
// within the target, and without a target (no category, or none set).
struct SlaTally {
    std::string group;  // category name ("" without category) or level ("1".."4")
    std::int64_t met = 0, breached = 0, open = 0, noTarget = 0;
    std::optional<double> compliance() const;  // percent met of met + breached
};
struct SlaCompliance {
    std::vector<SlaTally> byCategory;  // by name, tickets without category last
    std::vector<SlaTally> byLevel;     // levels 1 to 4 always, others if any
};

// Lists are ordered by count (largest first), then value; the unreported value comes last.
std::vector<ModelCount> devicesByModel(Database& database);
std::vector<NameCount> devicesByOs(Database& database);
std::vector<NameCount> devicesByCpu(Database& database);  // a device with two CPU models: both
std::array<std::int64_t, kMemoryBuckets> devicesByMemory(Database& database);
std::array<std::int64_t, kSilenceBuckets> devicesBySilence(Database& database, std::int64_t when);
// The last `weeks` weeks (Monday to Sunday in `zone`), oldest first, the current one last.
std::vector<WeekCount> replacementsPerWeek(Database& database, const tickets::TimeZone& zone,
                                           std::int64_t when, int weeks);
// By site, device name, kind.
std::vector<PaymentDevice> paymentDevices(Database& database);
SlaCompliance slaCompliance(tickets::TicketStore& store, std::int64_t when);

}  // namespace parque::collector::web
