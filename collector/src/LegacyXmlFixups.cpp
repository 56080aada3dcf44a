// Section repairs of the legacy intake: agent spellings that have a clear GLPI equivalent.
#include "LegacyXmlTree.h"

#include <cstring>
#include <utility>

namespace parque::collector::legacy {
namespace {

using Pairs = std::initializer_list<std::pair<const char*, const char*>>;

// Lower-cases raw.text[key] and renames it through `synonyms`.
void normalizeWord(RawItem& raw, const char* key, Pairs synonyms) {
    const auto it = raw.text.find(key);
    if (it == raw.text.end()) {
        return;
    }
    it->second = lowerAscii(it->second);
    for (const auto& [from, to] : synonyms) {
        if (it->second == from) {
            it->second = to;
            return;
        }
    }
}

// Moves raw.text[from] to raw.text[to] unless `to` is already set.
void moveKey(RawItem& raw, const char* from, const char* to) {
    const auto it = raw.text.find(from);
    if (it != raw.text.end()) {
        raw.text.emplace(to, std::move(it->second));
        raw.text.erase(it);
    }
}

void fixupNetwork(RawItem& raw) {
    // OCS puts IPv6 addresses (with mask and subnet) in the IPv4 fields.
    const auto address = raw.text.find("ipaddress");
    if (address != raw.text.end() && !inventory::isIpv4(address->second) &&
        inventory::isIpv6(address->second)) {
        moveKey(raw, "ipaddress", "ipaddress6");
        moveKey(raw, "ipmask", "ipmask6");
        moveKey(raw, "ipsubnet", "ipsubnet6");
    }
    normalizeWord(raw, "status", {});
    normalizeWord(raw, "type",
                  {{"ether", "ethernet"},
                   {"wireless", "wifi"},
                   {"wlan", "wifi"},
                   {"bond", "aggregate"},
                   {"local", "loopback"}});
    // OCS writes "100 Mbps"; FusionInventory and GLPI a number of Mb/s.
    const auto speed = raw.text.find("speed");
    if (speed != raw.text.end()) {
        const std::vector<Unit> units{{"mbps", 1}, {"mb/s", 1}, {"gbps", 1000}, {"gb/s", 1000}};
        if (const auto value = toInteger(speed->second, units)) {
            speed->second = std::to_string(*value);
        }
    }
}

// OCS: PCIID "8086:0d57", NAME "Host bridge [0600]" (class name and code), TYPE "rev 01".
void fixupController(RawItem& raw) {
    const auto pciid = raw.text.find("pciid");
    if (pciid != raw.text.end()) {
        const std::string& id = pciid->second;
        const std::size_t colon = id.find(':');
        if (colon != std::string::npos && id.find(':', colon + 1) == std::string::npos) {
            raw.text.emplace("vendorid", lowerAscii(id.substr(0, colon)));
            raw.text.emplace("productid", lowerAscii(id.substr(colon + 1)));
        }
    }
    const auto type = raw.text.find("type");
    if (type != raw.text.end() && type->second.rfind("rev ", 0) == 0) {
        raw.text.emplace("rev", std::string(trim(type->second.substr(4))));
        raw.text.erase(type);
    }
    const auto name = raw.text.find("name");
    if (pciid != raw.text.end() && name != raw.text.end() && name->second.size() > 7 &&
        name->second.back() == ']') {
        const std::size_t open = name->second.rfind(" [");
        if (open != std::string::npos && name->second.size() - open == 7) {
            raw.text.emplace("pciclass", name->second.substr(open + 2, 4));
            raw.text.emplace("type", name->second.substr(0, open));
        }
    }
}

// OCS HARDWARE/DESCRIPTION is "<uname -m>/<uptime as YY-MM-DD hh:mm:ss>": a clock, not a
// description; kept, it would record a change at every inventory.
void fixupHardware(RawItem& raw) {
    const auto it = raw.text.find("description");
    if (it == raw.text.end()) {
        return;
    }
    const std::string& text = it->second;
    const std::size_t slash = text.find('/');
    const char* const form = "00-00-00 00:00:00";
    bool uptime = slash != std::string::npos && text.size() - slash - 1 == std::strlen(form);
    for (std::size_t i = 0; uptime && form[i] != '\0'; ++i) {
        const char c = text[slash + 1 + i];
        uptime = form[i] == '0' ? (c >= '0' && c <= '9') : c == form[i];
    }
    if (uptime) {
        raw.text.erase(it);
    }
}

// OCS names Multi-Arch packages "name:arch" (dpkg-query's ${binary:Package}); FusionInventory and
// the Parque agent say "name" with the arch apart. One spelling keeps one identity.
void fixupSoftware(RawItem& raw) {
    const auto name = raw.text.find("name");
    const auto arch = raw.text.find("arch");
    if (name == raw.text.end() || arch == raw.text.end()) {
        return;
    }
    const std::string suffix = ":" + arch->second;
    std::string& text = name->second;
    if (text.size() > suffix.size() &&
        text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0) {
        text.erase(text.size() - suffix.size());
    }
}

}  // namespace

void fixupItem(const char* section, RawItem& raw) {
    if (std::strcmp(section, "networks") == 0) {
        fixupNetwork(raw);
    } else if (std::strcmp(section, "controllers") == 0) {
        fixupController(raw);
    } else if (std::strcmp(section, "hardware") == 0) {
        fixupHardware(raw);
    } else if (std::strcmp(section, "softwares") == 0) {
        fixupSoftware(raw);
    } else if (std::strcmp(section, "cpus") == 0) {
        normalizeWord(raw, "arch",
                      {{"amd64", "x86_64"},
                       {"x64", "x86_64"},
                       {"arm64", "aarch64"},
                       {"ppc64", "powerpc64"},
                       {"ppc64le", "powerpc64"},
                       {"ppc", "powerpc"}});
    } else if (std::strcmp(section, "virtualmachines") == 0) {
        normalizeWord(raw, "status",
                      {{"stopped", "off"},
                       {"shut off", "off"},
                       {"shutoff", "off"},
                       {"poweroff", "off"},
                       {"powered off", "off"},
                       {"suspended", "paused"}});
    }
}

}  // namespace parque::collector::legacy
