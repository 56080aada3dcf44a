// Collector settings: documented defaults, and bad values refused at start with the key named.
#include "parque/collector/Config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>
#include <catch2/catch.hpp>

namespace {

parque::collector::CollectorConfig withSetting(const std::string& key, const std::string& value) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> properties = new Poco::Util::MapConfiguration;
    properties->setString(key, value);
    return parque::collector::loadConfig(*properties);
}

}  // namespace

TEST_CASE("Config: the contact expiration is a number with a unit, checked at start",
          "[collector][config]") {
    CHECK(withSetting("collector.intake.expiration", "30m").expiration == "30m");
    CHECK(withSetting("collector.intake.expiration", "24h").expiration == "24h");
    for (const char* bad : {"soon", "xh", "h", "0h", "24", "-1h", "1234567d"}) {
        INFO(bad);
        CHECK_THROWS_WITH(withSetting("collector.intake.expiration", bad),
                          Catch::Contains("collector.intake.expiration"));
    }
}
