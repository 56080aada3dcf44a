// The stable identity of each component inside its section, used by deltas and by the collector's
// component history. It never includes what an upgrade or a reboot changes (a package's version, an
// address), so an upgrade is "modified", not "removed + added".
#pragma once

#include "parque/inventory/Inventory.h"

#include <string>

namespace parque::inventory {

std::string componentKey(const Cpu& c);             // socket position is not on the wire: name
std::string componentKey(const Memory& m);          // slot number, else slot caption
std::string componentKey(const Storage& s);         // real serial, else device name
std::string componentKey(const Drive& d);           // letter, else mount point, else volume
std::string componentKey(const Network& n);         // MAC, else interface name
std::string componentKey(const Software& s);        // name + arch (+ source)
std::string componentKey(const UsbDevice& u);       // vendor:product + real serial
std::string componentKey(const Monitor& m);         // manufacturer + model + serial
std::string componentKey(const Battery& b);         // name + real serial
std::string componentKey(const Controller& c);      // PCI slot, else vendor:product
std::string componentKey(const Video& v);           // PCI slot, else name
std::string componentKey(const Printer& p);         // name
std::string componentKey(const VirtualMachine& m);  // uuid, else name
std::string componentKey(const Firmware& f);        // type + name

}  // namespace parque::inventory
