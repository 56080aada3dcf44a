#include "parque/agent/parsers/HwIds.h"

#include <algorithm>
#include <string_view>

namespace parque::agent {

namespace {

constexpr std::size_t vendorDigits = 4;
constexpr std::size_t classDigits = 2;

int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// `digits` hex digits at pos, followed by a space or a tab.
std::optional<unsigned> readId(std::string_view text, std::size_t pos, std::size_t digits) {
    if (pos >= text.size() || text.size() - pos <= digits) {
        return std::nullopt;
    }
    unsigned value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        const int digit = hexDigit(text[pos + i]);
        if (digit < 0) {
            return std::nullopt;
        }
        value = value * 16 + static_cast<unsigned>(digit);
    }
    const char separator = text[pos + digits];
    if (separator != ' ' && separator != '\t') {
        return std::nullopt;
    }
    return value;
}

std::size_t nextLine(std::string_view text, std::size_t pos) {
    const auto newline = text.find('\n', pos);
    return newline == std::string_view::npos ? text.size() : newline + 1;
}

// The rest of the line from pos, without surrounding blanks; nullopt when that is empty.
std::optional<std::string> readName(std::string_view text, std::size_t pos) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
        end = text.size();
    }
    while (pos < end && (text[pos] == ' ' || text[pos] == '\t')) {
        ++pos;
    }
    while (end > pos && (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\r')) {
        --end;
    }
    if (end == pos) {
        return std::nullopt;
    }
    return std::string(text.substr(pos, end - pos));
}

// In the block under the top-level line at `start`, the name of the one-tab child line whose
// id (of `digits` hex digits) is `id`. The block ends at the next line that is not indented,
// a comment or empty.
std::optional<std::string> findChild(std::string_view text, std::size_t start, unsigned id,
                                     std::size_t digits) {
    for (std::size_t pos = nextLine(text, start); pos < text.size(); pos = nextLine(text, pos)) {
        const char first = text[pos];
        if (first == '#' || first == '\n' || first == '\r') {
            continue;
        }
        if (first != '\t') {
            break;
        }
        if (pos + 1 < text.size() && text[pos + 1] == '\t') {
            continue;  // subsystem, interface, prog-if or protocol line
        }
        const auto child = readId(text, pos + 1, digits);
        if (child && *child == id) {
            return readName(text, pos + 1 + digits);
        }
    }
    return std::nullopt;
}

// Keeps, line by line, what an HwIdsWanted asks for. Comment and blank lines are dropped without
// ending the block they are in (as findChild reads them).
class Selector {
public:
    explicit Selector(const HwIdsWanted& wanted)
        : devices_(wanted.devices), classes_(wanted.classes) {
        std::sort(devices_.begin(), devices_.end());
    }

    void line(std::string_view line) {
        if (line.empty() || line[0] == '#' || line[0] == '\r') {
            return;
        }
        if (line[0] == '\t') {
            if (block_ == Block::Vendor && line.size() > 1 && line[1] != '\t') {
                const auto device = readId(line, 1, vendorDigits);
                if (device && std::binary_search(
                                  devices_.begin(), devices_.end(),
                                  std::make_pair(vendor_, static_cast<std::uint16_t>(*device)))) {
                    keep(line);
                }
            } else if (block_ == Block::Class && line.size() > 1 && line[1] != '\t') {
                keep(line);
            }
            return;
        }
        block_ = Block::None;
        if (line[0] == 'C' && line.size() > 1 && line[1] == ' ') {
            const auto cls = readId(line, 2, classDigits);
            if (classes_ && cls && !seenClasses_[*cls]) {
                seenClasses_[*cls] = true;
                block_ = Block::Class;
                keep(line);
            }
            return;
        }
        const auto vid = readId(line, 0, vendorDigits);
        if (vid && wantedVendor(static_cast<std::uint16_t>(*vid))) {
            block_ = Block::Vendor;
            vendor_ = static_cast<std::uint16_t>(*vid);
            keep(line);
        }
    }

    std::string take() { return std::move(kept_); }

private:
    enum class Block { None, Vendor, Class };

    // A wanted vendor not seen before (the first block of a vendor id wins).
    bool wantedVendor(std::uint16_t vid) {
        const auto found = std::lower_bound(devices_.begin(), devices_.end(),
                                            std::make_pair(vid, std::uint16_t{0}));
        if (found == devices_.end() || found->first != vid ||
            std::find(seenVendors_.begin(), seenVendors_.end(), vid) != seenVendors_.end()) {
            return false;
        }
        seenVendors_.push_back(vid);
        return true;
    }

    void keep(std::string_view line) {
        kept_.append(line);
        kept_ += '\n';
    }

    std::vector<std::pair<std::uint16_t, std::uint16_t>> devices_;
    bool classes_;
    std::vector<std::uint16_t> seenVendors_;
    std::array<bool, 256> seenClasses_{};
    Block block_ = Block::None;
    std::uint16_t vendor_ = 0;
    std::string kept_;
};

}  // namespace

HwIds HwIds::fromText(std::string text) {
    HwIds ids;
    ids.text = std::move(text);
    const std::string_view view(ids.text);
    ids.vendors.reserve(4096);
    bool ordered = true;
    for (std::size_t pos = 0; pos < view.size(); pos = nextLine(view, pos)) {
        const char first = view[pos];
        if (first == '\t' || first == '#' || first == '\n') {
            continue;
        }
        if (first == 'C' && pos + 1 < view.size() && view[pos + 1] == ' ') {
            const auto cls = readId(view, pos + 2, classDigits);
            if (cls && ids.classes[*cls] == 0) {
                ids.classes[*cls] = pos + 1;
            }
            continue;
        }
        if (const auto vid = readId(view, pos, vendorDigits)) {
            ordered = ordered && (ids.vendors.empty() || ids.vendors.back().first < *vid);
            ids.vendors.emplace_back(static_cast<std::uint16_t>(*vid), pos);
        }
    }
    if (!ordered) {
        const auto byId = [](const auto& a, const auto& b) { return a.first < b.first; };
        const auto sameId = [](const auto& a, const auto& b) { return a.first == b.first; };
        std::stable_sort(ids.vendors.begin(), ids.vendors.end(), byId);
        ids.vendors.erase(std::unique(ids.vendors.begin(), ids.vendors.end(), sameId),
                          ids.vendors.end());
    }
    return ids;
}

HwIds HwIds::fromStream(std::istream& in) {
    // Block reads into a buffer sized up front when the stream can tell its length: several times
    // faster than an istreambuf_iterator on a 1.3 MB file.
    std::string text;
    const auto start = in.tellg();
    if (start != std::streampos(-1) && in.seekg(0, std::ios::end)) {
        const auto end = in.tellg();
        if (end != std::streampos(-1) && end > start) {
            text.reserve(static_cast<std::size_t>(end - start));
        }
        in.seekg(start);
    }
    in.clear();
    std::string chunk(std::size_t{1} << 16, '\0');
    while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0) {
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    return fromText(std::move(text));
}

HwIds HwIds::fromStream(std::istream& in, const HwIdsWanted& wanted) {
    constexpr std::size_t kMaxLine = std::size_t{1} << 16;
    Selector selector(wanted);
    std::string block(std::size_t{1} << 16, '\0');
    std::string partial;    // a line cut by the end of a block
    bool skipping = false;  // inside a line longer than kMaxLine
    while (in.read(block.data(), static_cast<std::streamsize>(block.size())) || in.gcount() > 0) {
        const std::string_view data(block.data(), static_cast<std::size_t>(in.gcount()));
        std::size_t pos = 0;
        for (auto end = data.find('\n'); end != std::string_view::npos;
             pos = end + 1, end = data.find('\n', pos)) {
            if (skipping) {
                skipping = false;
            } else if (partial.empty()) {
                selector.line(data.substr(pos, end - pos));
            } else {
                partial.append(data.substr(pos, end - pos));
                selector.line(partial);
            }
            partial.clear();
        }
        const std::string_view rest = data.substr(pos);
        if (!skipping && partial.size() + rest.size() <= kMaxLine) {
            partial.append(rest);
        } else {
            skipping = true;
            partial.clear();
        }
    }
    if (!skipping) {
        selector.line(partial);
    }
    return fromText(selector.take());
}

std::optional<std::size_t> HwIds::vendorOffset(std::uint16_t vid) const {
    const auto found = std::lower_bound(vendors.begin(), vendors.end(), vid,
                                        [](const std::pair<std::uint16_t, std::size_t>& entry,
                                           std::uint16_t id) { return entry.first < id; });
    if (found == vendors.end() || found->first != vid) {
        return std::nullopt;
    }
    return found->second;
}

std::optional<std::string> HwIds::vendor(std::uint16_t vid) const {
    const auto offset = vendorOffset(vid);
    return offset ? readName(text, *offset + vendorDigits) : std::nullopt;
}

std::optional<std::string> HwIds::device(std::uint16_t vid, std::uint16_t did) const {
    const auto offset = vendorOffset(vid);
    return offset ? findChild(text, *offset, did, vendorDigits) : std::nullopt;
}

std::optional<std::string> HwIds::className(std::uint8_t cls,
                                            std::optional<std::uint8_t> subclass) const {
    const std::size_t stored = classes[cls];
    if (stored == 0) {
        return std::nullopt;
    }
    const std::size_t offset = stored - 1;
    if (!subclass) {
        return readName(text, offset + 2 + classDigits);
    }
    return findChild(text, offset, *subclass, classDigits);
}

std::size_t HwIds::vendorCount() const { return vendors.size(); }

}  // namespace parque::agent
