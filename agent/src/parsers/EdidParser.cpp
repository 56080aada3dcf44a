#include "parque/agent/parsers/EdidParser.h"

#include <array>

namespace parque::agent::edid {

namespace {

constexpr std::size_t blockSize = 128;
constexpr std::size_t descriptorSize = 18;
constexpr std::size_t descriptorStringOffset = 5;
constexpr std::size_t descriptorStringSize = 13;
constexpr std::array<std::size_t, 4> baseDescriptorOffsets = {0x36, 0x48, 0x5A, 0x6C};
constexpr std::uint8_t tagSerial = 0xFF;
constexpr std::uint8_t tagName = 0xFC;
constexpr std::uint8_t tagCtaExtension = 0x02;

// Bounds-checked byte read: every index into the input goes through here.
std::uint8_t byteAt(std::string_view bytes, std::size_t index) {
    if (index >= bytes.size()) {
        throw ParseError("EDID read out of range: offset " + std::to_string(index) + " of " +
                         std::to_string(bytes.size()) + " bytes");
    }
    return static_cast<std::uint8_t>(bytes[index]);
}

bool checksumOk(std::string_view block) {
    unsigned sum = 0;
    for (char c : block) {
        sum += static_cast<std::uint8_t>(c);
    }
    return (sum & 0xFFu) == 0;
}

void checkHeader(std::string_view base) {
    static constexpr std::array<std::uint8_t, 8> header = {0x00, 0xFF, 0xFF, 0xFF,
                                                           0xFF, 0xFF, 0xFF, 0x00};
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (byteAt(base, i) != header[i]) {
            throw ParseError("EDID header mismatch at byte " + std::to_string(i) +
                             ": expected 00 FF FF FF FF FF FF 00");
        }
    }
}

std::string manufacturerId(std::string_view base) {
    const unsigned raw = (unsigned{byteAt(base, 8)} << 8) | byteAt(base, 9);
    std::string id(3, '@');
    id[0] = static_cast<char>('@' + ((raw >> 10) & 0x1Fu));
    id[1] = static_cast<char>('@' + ((raw >> 5) & 0x1Fu));
    id[2] = static_cast<char>('@' + (raw & 0x1Fu));
    return id;
}

std::string descriptorString(std::string_view descriptor) {
    std::string text;
    for (std::size_t i = 0; i < descriptorStringSize; ++i) {
        const std::uint8_t c = byteAt(descriptor, descriptorStringOffset + i);
        if (c == 0x0A || c == 0x00 || c == 0xFF) {
            break;
        }
        text += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
    }
    const auto end = text.find_last_not_of(' ');
    text.erase(end == std::string::npos ? 0 : end + 1);
    return text;
}

struct DescriptorState {
    bool serialSeen = false;
};

void readDescriptor(std::string_view descriptor, Edid& edid, DescriptorState& state) {
    if (byteAt(descriptor, 0) != 0 || byteAt(descriptor, 1) != 0) {
        return;  // a detailed timing descriptor, not a display descriptor
    }
    const std::uint8_t tag = byteAt(descriptor, 3);
    if (tag == tagName) {
        edid.monitorNames.push_back(descriptorString(descriptor));
    } else if (tag == tagSerial && !state.serialSeen) {
        state.serialSeen = true;
        std::string serial = descriptorString(descriptor);
        if (!serial.empty()) {
            edid.serialString = std::move(serial);
        }
    }
}

void readIdentification(std::string_view base, Edid& edid) {
    edid.manufacturer = manufacturerId(base);
    edid.productCode = static_cast<std::uint16_t>(byteAt(base, 10) | (byteAt(base, 11) << 8));
    edid.serialNumber = std::uint32_t{byteAt(base, 12)} | (std::uint32_t{byteAt(base, 13)} << 8) |
                        (std::uint32_t{byteAt(base, 14)} << 16) |
                        (std::uint32_t{byteAt(base, 15)} << 24);
    const int week = byteAt(base, 16);
    const int year = 1990 + byteAt(base, 17);
    if (week == 0xFF) {
        edid.modelYear = year;
    } else {
        edid.year = year;
        if (week != 0) {
            edid.week = week;
        }
    }
    edid.version = std::to_string(byteAt(base, 18)) + "." + std::to_string(byteAt(base, 19));
    const int width = byteAt(base, 21);
    const int height = byteAt(base, 22);
    if (width != 0 && height != 0) {
        edid.sizeCm = std::make_pair(width, height);
    }
}

// CTA-861: byte 2 = offset of the first detailed timing descriptor (0 or < 4: none); descriptors
// follow until an all-zero one or the end of the block (byte 127 is the checksum).
void readCtaDescriptors(std::string_view block, Edid& edid, DescriptorState& state) {
    const std::size_t start = byteAt(block, 2);
    if (start < 4) {
        return;
    }
    for (std::size_t offset = start; offset + descriptorSize < blockSize;
         offset += descriptorSize) {
        const std::string_view descriptor = block.substr(offset, descriptorSize);
        if (descriptor.find_first_not_of('\0') == std::string_view::npos) {
            break;
        }
        readDescriptor(descriptor, edid, state);
    }
}

void readExtensions(std::string_view bytes, std::size_t count, Edid& edid, DescriptorState& state) {
    for (std::size_t index = 1; index <= count; ++index) {
        const std::string_view block = bytes.substr(index * blockSize, blockSize);
        if (!checksumOk(block)) {
            edid.warnings.push_back("EDID block " + std::to_string(index) + " checksum mismatch");
        }
        if (byteAt(block, 0) == tagCtaExtension) {
            readCtaDescriptors(block, edid, state);
        }
    }
}

}  // namespace

Edid parse(std::string_view bytes) {
    if (bytes.size() < blockSize) {
        throw ParseError("EDID too short: " + std::to_string(bytes.size()) + " bytes, need " +
                         std::to_string(blockSize));
    }
    const std::string_view base = bytes.substr(0, blockSize);
    checkHeader(base);
    if (!checksumOk(base)) {
        throw ParseError("EDID block 0 checksum mismatch");
    }
    const std::size_t extensions = byteAt(base, 126);
    const std::size_t needed = blockSize * (1 + extensions);
    if (bytes.size() < needed) {
        throw ParseError("EDID truncated: " + std::to_string(extensions) +
                         " extension block(s) declared, need " + std::to_string(needed) +
                         " bytes, got " + std::to_string(bytes.size()));
    }

    Edid edid;
    edid.sizeBytes = needed;
    if (bytes.size() > needed) {
        edid.warnings.push_back(std::to_string(bytes.size() - needed) +
                                " trailing byte(s) after the declared blocks ignored");
    }
    readIdentification(base, edid);
    DescriptorState state;
    for (std::size_t offset : baseDescriptorOffsets) {
        readDescriptor(base.substr(offset, descriptorSize), edid, state);
    }
    readExtensions(bytes, extensions, edid, state);
    if (!edid.monitorNames.empty() && !edid.monitorNames.front().empty()) {
        edid.monitorName = edid.monitorNames.front();
    }
    return edid;
}

}  // namespace parque::agent::edid
