#include "parque/agent/parsers/RpmHeader.h"

#include "parque/agent/parsers/ParseError.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <ctime>
#include <limits>
#include <optional>
#include <string>

namespace parque::agent {

namespace {

// rpm's own limits on a header: 65535 index entries, 256 MiB of data.
constexpr std::uint32_t maxEntries = 0xffff;
constexpr std::uint32_t maxDataLength = 0x0fffffff;
constexpr std::size_t preambleSize = 8;
constexpr std::size_t entrySize = 16;

enum Tag : std::uint32_t {
    tagName = 1000,
    tagVersion = 1001,
    tagRelease = 1002,
    tagEpoch = 1003,
    tagSummary = 1004,
    tagInstallTime = 1008,
    tagSize = 1009,
    tagVendor = 1011,
    tagGroup = 1016,
    tagUrl = 1020,
    tagArch = 1022,
    tagLongSize = 5009,
};

enum Type : std::uint32_t {
    typeNull = 0,
    typeInt32 = 4,
    typeInt64 = 5,
    typeString = 6,
    typeStringArray = 8,
    typeI18nString = 9,
    typeCount = 10,
};

// Bytes per element of each type; 0 for the string types, whose elements end with a NUL.
constexpr std::array<std::uint64_t, typeCount> elementSize{0, 1, 1, 2, 4, 8, 0, 1, 0, 0};

struct Entry {
    std::uint32_t tag, type, offset, count;
};

std::uint64_t bigEndian(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < width; ++i) {
        value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    return value;
}

std::uint32_t be32(std::string_view bytes, std::size_t at) {
    return static_cast<std::uint32_t>(bigEndian(bytes, at, 4));
}

[[noreturn]] void fail(const std::string& why) { throw ParseError("rpm header: " + why); }

std::string describe(std::uint32_t tag) {
    switch (tag) {
    case tagName:
        return "NAME (1000)";
    case tagVersion:
        return "VERSION (1001)";
    case tagRelease:
        return "RELEASE (1002)";
    case tagEpoch:
        return "EPOCH (1003)";
    case tagSummary:
        return "SUMMARY (1004)";
    case tagInstallTime:
        return "INSTALLTIME (1008)";
    case tagSize:
        return "SIZE (1009)";
    case tagVendor:
        return "VENDOR (1011)";
    case tagGroup:
        return "GROUP (1016)";
    case tagUrl:
        return "URL (1020)";
    case tagArch:
        return "ARCH (1022)";
    case tagLongSize:
        return "LONGSIZE (5009)";
    default:
        return "tag " + std::to_string(tag);
    }
}

// The index and data store of a header, every entry checked to lie inside the data store.
class Header {
public:
    explicit Header(std::string_view blob);
    std::optional<std::string> text(std::uint32_t tag) const;
    std::optional<std::uint64_t> number(std::uint32_t tag) const;

private:
    Entry entry(std::uint32_t i) const;
    const Entry* find(std::uint32_t tag, Entry& out) const;
    void check(const Entry& e) const;

    std::string_view index;
    std::string_view data;
    std::uint32_t entries = 0;
};

Header::Header(std::string_view blob) {
    static constexpr std::string_view magic{"\x8e\xad\xe8\x01", 4};
    if (blob.substr(0, magic.size()) == magic) {
        blob.remove_prefix(std::min<std::size_t>(blob.size(), 8));
    }
    if (blob.size() < preambleSize) {
        fail(std::to_string(blob.size()) + " bytes, shorter than the 8-byte il/dl preamble");
    }
    entries = be32(blob, 0);
    const std::uint32_t dataLength = be32(blob, 4);
    if (entries == 0 || entries > maxEntries) {
        fail("il " + std::to_string(entries) + " is not within 1.." + std::to_string(maxEntries));
    }
    if (dataLength > maxDataLength) {
        fail("dl " + std::to_string(dataLength) + " is over 256 MiB");
    }
    const std::uint64_t needed = preambleSize + std::uint64_t{entries} * entrySize + dataLength;
    if (blob.size() != needed) {
        fail(std::to_string(blob.size()) + " bytes, but il " + std::to_string(entries) +
             " and dl " + std::to_string(dataLength) + " make " + std::to_string(needed));
    }
    index = blob.substr(preambleSize, std::size_t{entries} * entrySize);
    data = blob.substr(preambleSize + index.size());
    for (std::uint32_t i = 0; i < entries; ++i) {
        check(entry(i));
    }
}

Entry Header::entry(std::uint32_t i) const {
    const std::size_t at = std::size_t{i} * entrySize;
    return {be32(index, at), be32(index, at + 4), be32(index, at + 8), be32(index, at + 12)};
}

void Header::check(const Entry& e) const {
    if (e.type >= typeCount) {
        fail(describe(e.tag) + " has unknown type " + std::to_string(e.type));
    }
    if (e.offset > data.size()) {
        fail(describe(e.tag) + " has offset " + std::to_string(e.offset) + " past the " +
             std::to_string(data.size()) + "-byte data store");
    }
    const std::uint64_t room = data.size() - e.offset;
    if (elementSize[e.type] != 0 || e.type == typeNull) {
        if (std::uint64_t{e.count} * elementSize[e.type] > room) {
            fail(describe(e.tag) + ": " + std::to_string(e.count) + " elements at offset " +
                 std::to_string(e.offset) + " reach past the data store");
        }
        return;
    }
    if (e.count == 0 || (e.type == typeString && e.count != 1) || e.count > room) {
        fail(describe(e.tag) + " has an impossible string count " + std::to_string(e.count));
    }
    std::size_t at = e.offset;
    for (std::uint32_t n = 0; n < e.count; ++n) {
        const std::size_t nul = data.find('\0', at);
        if (nul == std::string_view::npos) {
            fail(describe(e.tag) + ": string " + std::to_string(n) + " at offset " +
                 std::to_string(at) + " has no NUL inside the data store");
        }
        at = nul + 1;
    }
}

const Entry* Header::find(std::uint32_t tag, Entry& out) const {
    for (std::uint32_t i = 0; i < entries; ++i) {
        out = entry(i);
        if (out.tag == tag) {
            return &out;
        }
    }
    return nullptr;
}

std::optional<std::string> Header::text(std::uint32_t tag) const {
    Entry e{};
    if (find(tag, e) == nullptr) {
        return std::nullopt;
    }
    if (e.type != typeString && e.type != typeI18nString) {
        fail(describe(tag) + " has type " + std::to_string(e.type) + ", not a string");
    }
    const std::string_view first = data.substr(e.offset);  // check() found its NUL
    return std::string(first.substr(0, first.find('\0')));
}

std::optional<std::uint64_t> Header::number(std::uint32_t tag) const {
    Entry e{};
    if (find(tag, e) == nullptr) {
        return std::nullopt;
    }
    if ((e.type != typeInt32 && e.type != typeInt64) || e.count == 0) {
        fail(describe(tag) + " has type " + std::to_string(e.type) + " and count " +
             std::to_string(e.count) + ", not an integer");
    }
    return bigEndian(data, e.offset, e.type == typeInt32 ? 4 : 8);  // check() bounded it
}

inventory::Text nonEmpty(std::optional<std::string> s) {
    if (s && s->empty()) {
        return std::nullopt;
    }
    return s;
}

// Seconds since 1970 as "YYYY-MM-DD HH:MM:SS" UTC, for years up to 9999.
inventory::Text utcDateTime(std::optional<std::uint64_t> seconds) {
    constexpr std::uint64_t lastSecondOf9999 = 253402300799;
    if (!seconds || *seconds > lastSecondOf9999) {
        return std::nullopt;
    }
    const auto t = static_cast<std::time_t>(*seconds);
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) {
        return std::nullopt;
    }
    std::array<char, 32> out{};
    const std::size_t n = std::strftime(out.data(), out.size(), "%Y-%m-%d %H:%M:%S", &tm);
    if (n == 0) {
        return std::nullopt;
    }
    return std::string(out.data(), n);
}

inventory::Int signedSize(std::optional<std::uint64_t> bytes) {
    if (!bytes || *bytes > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(*bytes);
}

// "[epoch:]version-release", as rpm prints %{EVR}.
inventory::Text evr(const Header& header) {
    auto version = nonEmpty(header.text(tagVersion));
    if (!version) {
        return std::nullopt;
    }
    const auto epoch = header.number(tagEpoch);
    if (epoch) {
        version = std::to_string(*epoch) + ":" + *version;
    }
    if (const auto release = nonEmpty(header.text(tagRelease))) {
        *version += "-" + *release;
    }
    return version;
}

}  // namespace

inventory::Software parseRpmHeader(std::string_view blob) {
    const Header header(blob);
    inventory::Software software;
    auto name = header.text(tagName);
    if (!name || name->empty()) {
        fail("no NAME (1000)");
    }
    software.name = std::move(*name);
    software.version = evr(header);
    software.arch = nonEmpty(header.text(tagArch));
    auto size = header.number(tagLongSize);
    software.filesize = signedSize(size ? size : header.number(tagSize));
    software.publisher = nonEmpty(header.text(tagVendor));
    software.comments = nonEmpty(header.text(tagSummary));
    software.system_category = nonEmpty(header.text(tagGroup));
    software.url_info_about = nonEmpty(header.text(tagUrl));
    software.install_date = utcDateTime(header.number(tagInstallTime));
    software.from = "rpm";
    return software;
}

}  // namespace parque::agent
