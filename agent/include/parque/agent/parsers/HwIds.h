// Vendor, device and class names from the pci.ids / usb.ids databases
// (Debian: /usr/share/misc/pci.ids, /usr/share/misc/usb.ids).
//
// Both files share the layout this reader uses:
//   vvvv  Vendor name                   4 hex digits at column 0
//   <TAB>dddd  Device name              one tab
//   <TAB><TAB>...  subsystem/interface  two tabs (not read)
//   C cc  Class name                    class section
//   <TAB>ss  Subclass name              one tab (<TAB><TAB> prog-if/protocol lines are not read)
// plus '#' comments and blank lines anywhere. Any other top-level line (usb.ids' "AT", "HID",
// "L", ... sections) ends the block above it.
//
// Construction makes one linear pass that records only where each vendor and class line starts;
// a device or subclass lookup then reads that one vendor's (class's) block. The text is kept in
// the object. When a vendor or class id appears twice, the first one wins. Malformed lines are
// skipped; an empty or junk text gives an empty database, never an error.
//
// An agent needs the names of the few devices it found, not the 1.3 MB file: fromStream with an
// HwIdsWanted reads the file in 64 KiB blocks and keeps only the lines asked for (the wanted
// vendors' lines and device lines, the class section if asked), so memory and work after the
// read stay proportional to the devices present. The lines kept form an ids text themselves, and
// lookups on the result answer as on the whole file for everything that was wanted.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace parque::agent {

// The IDs a collector is about to look up.
struct HwIdsWanted {
    std::vector<std::pair<std::uint16_t, std::uint16_t>> devices;  // (vendor, device)
    bool classes = false;  // keep the class section ("C" lines and their subclass lines)
};

class HwIds {
public:
    static HwIds fromText(std::string text);
    // Reads the stream to its end, then as fromText.
    static HwIds fromStream(std::istream& in);
    // Reads the stream to its end keeping only what `wanted` asks for (see above). A line over
    // 64 KiB is skipped.
    static HwIds fromStream(std::istream& in, const HwIdsWanted& wanted);

    std::optional<std::string> vendor(std::uint16_t vid) const;
    std::optional<std::string> device(std::uint16_t vid, std::uint16_t did) const;
    // The class name, or with a subclass the subclass name alone (nullopt when that subclass is
    // not listed, even if the class is: the caller decides whether to fall back to the class).
    std::optional<std::string> className(std::uint8_t cls,
                                         std::optional<std::uint8_t> subclass = {}) const;

    std::size_t vendorCount() const;

private:
    std::optional<std::size_t> vendorOffset(std::uint16_t vid) const;

    std::string text;
    std::vector<std::pair<std::uint16_t, std::size_t>> vendors;  // (id, line offset), by id
    std::array<std::size_t, 256> classes{};                      // line offset + 1; 0 = none
};

}  // namespace parque::agent
