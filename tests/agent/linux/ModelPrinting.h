// Catch2 prints inventory components as their canonical JSON, so a failed comparison of whole
// components shows which field differs.
#pragma once

#include <catch2/catch.hpp>

#include "parque/inventory/JsonCodec.h"

namespace Catch {

template <>
struct StringMaker<parque::inventory::Network> {
    static std::string convert(const parque::inventory::Network& value) {
        return parque::inventory::canonicalJson(value);
    }
};

template <>
struct StringMaker<parque::inventory::Storage> {
    static std::string convert(const parque::inventory::Storage& value) {
        return parque::inventory::canonicalJson(value);
    }
};

template <>
struct StringMaker<parque::inventory::Drive> {
    static std::string convert(const parque::inventory::Drive& value) {
        return parque::inventory::canonicalJson(value);
    }
};

template <>
struct StringMaker<parque::inventory::Battery> {
    static std::string convert(const parque::inventory::Battery& value) {
        return parque::inventory::canonicalJson(value);
    }
};

}  // namespace Catch
