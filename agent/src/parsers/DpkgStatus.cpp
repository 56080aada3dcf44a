#include "parque/agent/parsers/DpkgStatus.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace parque::agent {

using inventory::Software;

namespace {

constexpr std::size_t maxLineLength = std::size_t{1} << 20;

enum Field : std::size_t {
    package,
    status,
    version,
    architecture,
    installedSize,
    maintainer,
    description,
    section,
    homepage,
    fieldCount,
    notKept = fieldCount,
};

constexpr std::array<const char*, fieldCount> fieldNames{
    "Package",    "Status",      "Version", "Architecture", "Installed-Size",
    "Maintainer", "Description", "Section", "Homepage"};

// The fields kept from one stanza, as views into the text, and the first reason to skip it.
struct Stanza {
    std::array<std::string_view, fieldCount> fields;
    unsigned seen = 0;  // bit per Field
    std::size_t firstLine = 0;
    bool inField = false;  // a field line was seen, so a continuation line may follow
    const char* error = nullptr;
    std::size_t errorLine = 0;
    Field errorField = notKept;  // the repeated field, for "repeats a field"

    bool empty() const { return firstLine == 0; }
};

bool isSpace(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && isSpace(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && isSpace(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

bool equalsNoCase(std::string_view s, std::string_view lower) {
    if (s.size() != lower.size()) {
        return false;
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != lower[i]) {
            return false;
        }
    }
    return true;
}

// dpkg's field names are case-insensitive; the length picks the few candidates.
Field fieldOf(std::string_view name) {
    switch (name.size()) {
    case 6:
        return equalsNoCase(name, "status") ? status : notKept;
    case 7:
        if (equalsNoCase(name, "package")) {
            return package;
        }
        if (equalsNoCase(name, "version")) {
            return version;
        }
        return equalsNoCase(name, "section") ? section : notKept;
    case 8:
        return equalsNoCase(name, "homepage") ? homepage : notKept;
    case 10:
        return equalsNoCase(name, "maintainer") ? maintainer : notKept;
    case 11:
        return equalsNoCase(name, "description") ? description : notKept;
    case 12:
        return equalsNoCase(name, "architecture") ? architecture : notKept;
    case 14:
        return equalsNoCase(name, "installed-size") ? installedSize : notKept;
    default:
        return notKept;
    }
}

void fail(Stanza& stanza, std::size_t lineNo, const char* why, Field field = notKept) {
    if (stanza.error != nullptr) {
        return;  // the first reason is the one reported
    }
    stanza.error = why;
    stanza.errorLine = lineNo;
    stanza.errorField = field;
}

void addLine(Stanza& stanza, std::string_view line, std::size_t lineNo, bool mayHaveNul) {
    if (stanza.empty()) {
        stanza.firstLine = lineNo;
    }
    if (line.size() > maxLineLength) {
        return fail(stanza, lineNo, "is longer than 1 MiB");
    }
    if (mayHaveNul && line.find('\0') != std::string_view::npos) {
        return fail(stanza, lineNo, "contains a NUL byte");
    }
    if (isSpace(line.front())) {
        if (!stanza.inField) {
            fail(stanza, lineNo, "continues a field, but no field came before");
        }
        return;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) {
        return fail(stanza, lineNo, "has no colon");
    }
    if (colon == 0) {
        return fail(stanza, lineNo, "has an empty field name");
    }
    stanza.inField = true;
    const Field field = fieldOf(line.substr(0, colon));
    if (field == notKept) {
        return;
    }
    const unsigned bit = 1U << field;
    if ((stanza.seen & bit) != 0) {
        return fail(stanza, lineNo, "repeats the field ", field);
    }
    stanza.seen |= bit;
    stanza.fields[field] = trim(line.substr(colon + 1));
}

// A short, printable rendering of a value for a message.
std::string quoted(std::string_view s) {
    constexpr std::size_t maxShown = 64;
    std::string out = "'";
    for (std::size_t i = 0; i < s.size() && i < maxShown; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        out += (c < 0x20 || c == 0x7f) ? '?' : s[i];
    }
    if (s.size() > maxShown) {
        out += "...";
    }
    return out + "'";
}

std::string where(const Stanza& stanza) {
    std::string out = "dpkg status: stanza at line " + std::to_string(stanza.firstLine);
    if (!stanza.fields[package].empty()) {
        out += " (package " + quoted(stanza.fields[package]) + ")";
    }
    return out;
}

bool isKnownState(std::string_view s) {
    for (const char* known :
         {"not-installed", "config-files", "half-installed", "unpacked", "half-configured",
          "triggers-awaited", "triggers-pending", "installed"}) {
        if (s == known) {
            return true;
        }
    }
    return false;
}

// The <state> word of "Status: <want> <flag> <state>", empty when the field is malformed.
std::string_view stateOf(std::string_view statusValue) {
    std::array<std::string_view, 3> words;
    std::size_t count = 0;
    std::string_view rest = trim(statusValue);
    while (!rest.empty()) {
        std::size_t end = 0;
        while (end < rest.size() && !isSpace(rest[end])) {
            ++end;
        }
        if (count == words.size()) {
            return {};
        }
        words[count++] = rest.substr(0, end);
        rest = trim(rest.substr(end));
    }
    return count == words.size() && isKnownState(words[2]) ? words[2] : std::string_view{};
}

bool isInstalled(std::string_view state) {
    return state == "installed" || state == "triggers-pending" || state == "triggers-awaited";
}

inventory::Text textOf(std::string_view value) {
    if (value.empty()) {
        return std::nullopt;
    }
    return std::string(value);
}

// Installed-Size is a count of KiB; an unreadable one yields no size.
inventory::Int bytesOf(std::string_view kib) {
    constexpr std::int64_t maxKib = std::numeric_limits<std::int64_t>::max() / 1024;
    if (kib.empty()) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (char c : kib) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
        if (value > maxKib) {
            return std::nullopt;
        }
    }
    return value * 1024;
}

// "Name <email>" -> "Name"; a quoted name loses its quotes.
inventory::Text publisherOf(std::string_view maintainerValue) {
    std::string_view name = trim(maintainerValue.substr(0, maintainerValue.find('<')));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
        name = trim(name.substr(1, name.size() - 2));
    }
    return textOf(name);
}

void fillSoftware(Software& software, const Stanza& stanza, std::vector<std::string>& problems) {
    const auto& f = stanza.fields;
    software.name = std::string(f[package]);
    software.version = textOf(f[version]);
    software.arch = textOf(f[architecture]);
    software.filesize = bytesOf(f[installedSize]);
    if (!software.filesize && !f[installedSize].empty()) {
        problems.push_back(where(stanza) + ": Installed-Size " + quoted(f[installedSize]) +
                           " is not a size in KiB; filesize left unknown");
    }
    software.publisher = publisherOf(f[maintainer]);
    software.comments = textOf(f[description]);
    software.system_category = textOf(f[section]);
    software.url_info_about = textOf(f[homepage]);
    software.from = "deb";
}

void finishStanza(const Stanza& stanza, std::vector<Software>& out,
                  std::vector<std::string>& problems) {
    if (stanza.empty()) {
        return;
    }
    if (stanza.error != nullptr) {
        std::string why = stanza.error;
        if (stanza.errorField != notKept) {
            why += fieldNames[stanza.errorField];
        }
        problems.push_back(where(stanza) + " skipped: line " + std::to_string(stanza.errorLine) +
                           " " + why);
        return;
    }
    if (stanza.fields[package].empty()) {
        problems.push_back(where(stanza) + " skipped: no Package field");
        return;
    }
    if ((stanza.seen & (1U << status)) == 0) {
        problems.push_back(where(stanza) + " skipped: no Status field");
        return;
    }
    const std::string_view state = stateOf(stanza.fields[status]);
    if (state.empty()) {
        problems.push_back(where(stanza) + " skipped: Status " + quoted(stanza.fields[status]) +
                           " is not \"<want> <flag> <state>\" with a known state");
        return;
    }
    if (isInstalled(state)) {
        fillSoftware(out.emplace_back(), stanza, problems);
    }
}

bool isBlank(std::string_view line) {
    for (char c : line) {
        if (!isSpace(c)) {
            return false;
        }
    }
    return true;
}

}  // namespace

std::vector<Software> parseDpkgStatus(std::string_view text, std::vector<std::string>& problems) {
    std::vector<Software> out;
    // A stanza is 900 bytes on average on Debian 12; hostile sizes get no bigger guess.
    out.reserve(std::min(text.size() / 640, std::size_t{8192}));
    const bool mayHaveNul = text.find('\0') != std::string_view::npos;  // one fast scan
    Stanza stanza;
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        ++lineNo;
        const std::size_t newline = text.find('\n', pos);
        const bool cutShort = newline == std::string_view::npos;
        const std::size_t end = cutShort ? text.size() : newline;
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        // A cut line fails other checks too; being cut is the reason worth reporting.
        if (cutShort) {
            fail(stanza, lineNo, "is cut short (no newline at the end of the text)");
        }
        const bool blank = isBlank(line);
        if (!blank) {
            addLine(stanza, line, lineNo, mayHaveNul);
        }
        if (blank) {
            finishStanza(stanza, out, problems);
            stanza = Stanza{};
        }
    }
    finishStanza(stanza, out, problems);
    return out;
}

}  // namespace parque::agent
