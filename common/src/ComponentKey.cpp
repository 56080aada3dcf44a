#include "parque/inventory/ComponentKey.h"

#include "parque/inventory/Placeholders.h"

namespace parque::inventory {
namespace {

const std::string& orEmpty(const Text& t) {
    static const std::string empty;
    return t ? *t : empty;
}

// A serial that identifies something: present and not a firmware placeholder.
Text realSerial(const Text& serial) {
    if (serial && !isPlaceholderSerial(*serial)) {
        return serial;
    }
    return std::nullopt;
}

std::string join(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (const auto part : parts) {
        if (!out.empty()) {
            out += '|';
        }
        out += part;
    }
    return out;
}

}  // namespace

std::string componentKey(const Cpu& c) { return join({orEmpty(c.manufacturer), orEmpty(c.name)}); }

std::string componentKey(const Memory& m) {
    if (m.numslots) {
        return "slot " + std::to_string(*m.numslots);
    }
    return orEmpty(m.caption);
}

std::string componentKey(const Storage& s) {
    if (const Text serial = realSerial(s.serial)) {
        return join({orEmpty(s.model), *serial});
    }
    return orEmpty(s.name);
}

std::string componentKey(const Drive& d) {
    if (d.letter) {
        return *d.letter;
    }
    return d.type ? *d.type : orEmpty(d.volumn);
}

std::string componentKey(const Network& n) { return n.mac ? *n.mac : n.description; }

std::string componentKey(const Software& s) {
    return join({s.name, orEmpty(s.arch), orEmpty(s.from)});
}

std::string componentKey(const UsbDevice& u) {
    return join({orEmpty(u.vendorid), orEmpty(u.productid), orEmpty(realSerial(u.serial))});
}

std::string componentKey(const Monitor& m) {
    const Text serial = m.serial ? realSerial(m.serial) : realSerial(m.altserial);
    return join({orEmpty(m.manufacturer), orEmpty(m.caption), orEmpty(serial)});
}

std::string componentKey(const Battery& b) {
    return join({orEmpty(b.name), orEmpty(realSerial(b.serial))});
}

std::string componentKey(const Controller& c) {
    if (c.pcislot) {
        return *c.pcislot;
    }
    return join({orEmpty(c.vendorid), orEmpty(c.productid), orEmpty(c.name)});
}

std::string componentKey(const Video& v) { return v.pcislot ? *v.pcislot : orEmpty(v.name); }

std::string componentKey(const Printer& p) { return p.name; }

std::string componentKey(const VirtualMachine& m) { return m.uuid ? *m.uuid : m.name; }

std::string componentKey(const Firmware& f) { return join({orEmpty(f.type), orEmpty(f.name)}); }

}  // namespace parque::inventory
