// What a USB peripheral is for, derived from its class and IDs. Both the agent (its table output)
// and the collector (payment-device lists, replacement alerts) call the same function, so the wire
// carries only the GLPI fields.
#pragma once

#include "parque/inventory/Inventory.h"

namespace parque::inventory {

enum class PeripheralKind {
    PinPad,          // smart-card reader or payment terminal (PIN entry device)
    ReceiptPrinter,  // printer class, or a known POS printer maker
    BarcodeScanner,  // a known scanner maker (they enumerate as keyboards)
    Hid,             // keyboard, mouse, touch screen
    MassStorage,
    Hub,
    Other
};

const char* toString(PeripheralKind kind);  // "pin-pad", "receipt-printer", ...
// `device.class_` and `subclass` are decimal strings, `vendorid`/`productid` 4 lower-case hex
// digits.
PeripheralKind classifyUsbDevice(const UsbDevice& device);
bool isPaymentDevice(PeripheralKind kind);

}  // namespace parque::inventory
