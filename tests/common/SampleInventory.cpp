#include "SampleInventory.h"

#include "parque/inventory/Fields.h"

#include <array>
#include <string_view>

namespace parque::testing {
namespace {

using namespace parque::inventory;

std::string validText(const char* name, const Rule& rule, int seed) {
    static constexpr std::array<std::string_view, 10> candidates{"2024-01-02 03:04:05",
                                                                 "2024-01-02",
                                                                 "-0300",
                                                                 "enabled",
                                                                 "x86_64",
                                                                 "up",
                                                                 "ethernet",
                                                                 "running",
                                                                 "Computer",
                                                                 "192.0.2.10"};
    if (rule.accepts == nullptr) {
        return std::string(name) + " " + std::to_string(seed) + " \"ñ\" <x>";
    }
    for (const auto candidate : candidates) {
        if (rule.accepts(candidate)) {
            return std::string(candidate);
        }
    }
    return {};
}

class FillVisitor {
public:
    explicit FillVisitor(int seed) : seed_(seed) {}
    void operator()(const char* name, std::string& out, const Rule& rule) {
        out = validText(name, rule, seed_);
    }
    void operator()(const char* name, Text& out, const Rule& rule) {
        out = validText(name, rule, seed_);
    }
    void operator()(const char* /*name*/, Int& out, const Rule& /*rule*/) { out = 1000 + seed_; }
    void operator()(const char* /*name*/, Flag& out, const Rule& /*rule*/) { out = seed_ % 2 == 0; }
    template <class T>
    void operator()(const char* /*name*/, std::optional<T>& out, const Rule& /*rule*/) {
        out.emplace();
        FillVisitor inner(seed_);
        Fields<T>::visit(*out, inner);
    }
    template <class T>
    void operator()(const char* /*name*/, std::vector<T>& out, const Rule& /*rule*/) {
        out.resize(2);
        for (std::size_t i = 0; i < out.size(); ++i) {
            FillVisitor inner(seed_ + static_cast<int>(i));
            Fields<T>::visit(out[i], inner);
        }
    }
    template <class T>
    void operator()(const char* /*name*/, T& out, const Rule& /*rule*/) {
        FillVisitor inner(seed_);
        Fields<T>::visit(out, inner);
    }

private:
    int seed_;
};

}  // namespace

inventory::Inventory fullySetInventory() {
    inventory::Inventory inventory;
    FillVisitor visitor(1);
    Fields<inventory::Inventory>::visit(inventory, visitor);
    inventory.action = "inventory";
    return inventory;
}

}  // namespace parque::testing
