#include "parque/inventory/PeripheralKind.h"

#include <algorithm>
#include <array>
#include <string_view>

namespace parque::inventory {
namespace {

// USB vendor IDs (usb.ids) of makers whose devices are payment terminals / PIN pads.
constexpr std::array<std::string_view, 6> kPaymentVendors{"11ca",   // VeriFone Inc
                                                          "0b00",   // INGENICO
                                                          "079b",   // Sagem (Ingenico)
                                                          "2fb8",   // PAX
                                                          "0ca6",   // Castles Technology
                                                          "1753"};  // GEMALTO / Hypercom
constexpr std::array<std::string_view, 6> kPrinterVendors{
    "04b8",                                                        // Seiko Epson Corp.
    "0519",                                                        // Star Micronics Co., Ltd
    "1504",                                                        // Bixolon
    "1d90",                                                        // Citizen
    "0dd4",                                                        // Custom Engineering SPA
    "0fe6"};                                                       // ICS Advent (many POS printers)
constexpr std::array<std::string_view, 7> kScannerVendors{"0c2e",  // Metrologic / Honeywell
                                                          "05e0",  // Symbol / Zebra
                                                          "05f9",  // PSC Scanning / Datalogic
                                                          "1eab",  // Newland
                                                          "0536",  // Hand Held Products (Honeywell)
                                                          "065a",  // Opticon
                                                          "2dd6"};  // Zebra (newer)

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, const Text& id) {
    return id && std::find(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(N), *id) !=
                     list.end();
}

int number(const Text& text) {
    if (!text || text->empty() || text->size() > 3) {
        return -1;
    }
    int value = 0;
    for (const char c : *text) {
        if (c < '0' || c > '9') {
            return -1;
        }
        value = value * 10 + (c - '0');
    }
    return value;
}

}  // namespace

const char* toString(PeripheralKind kind) {
    switch (kind) {
    case PeripheralKind::PinPad:
        return "pin-pad";
    case PeripheralKind::ReceiptPrinter:
        return "receipt-printer";
    case PeripheralKind::BarcodeScanner:
        return "barcode-scanner";
    case PeripheralKind::Hid:
        return "hid";
    case PeripheralKind::MassStorage:
        return "mass-storage";
    case PeripheralKind::Hub:
        return "hub";
    case PeripheralKind::Other:
        return "other";
    }
    return "other";
}

PeripheralKind classifyUsbDevice(const UsbDevice& device) {
    const int usbClass = number(device.class_);
    if (usbClass == 0x0b ||
        (listed(kPaymentVendors, device.vendorid) && usbClass != 0x09 &&
         *device.vendorid != "0d8c" && *device.vendorid != "1234" && *device.vendorid != "0000")) {
        return PeripheralKind::PinPad;
    }
    if (usbClass == 0x07 || listed(kPrinterVendors, device.vendorid)) {
        return PeripheralKind::ReceiptPrinter;
    }
    if (listed(kScannerVendors, device.vendorid)) {
        return PeripheralKind::BarcodeScanner;
    }
    switch (usbClass) {
    case 0x03:
        return PeripheralKind::Hid;
    case 0x08:
        return PeripheralKind::MassStorage;
    case 0x09:
        return PeripheralKind::Hub;
    default:
        return PeripheralKind::Other;
    }
}

bool isPaymentDevice(PeripheralKind kind) {
    return kind == PeripheralKind::PinPad || kind == PeripheralKind::ReceiptPrinter ||
           kind == PeripheralKind::BarcodeScanner;
}

}  // namespace parque::inventory
