#include "Svg.h"

#include "Html.h"

#include <algorithm>
#include <cmath>

namespace parque::collector::web {
namespace {

const char* const kBarColour = "#0b5cad";
const char* const kAxisColour = "#5b6875";

// Bar chart geometry (pixels).
constexpr std::int64_t kWidth = 640;
constexpr std::int64_t kLabelRight = 224;  // labels end here (text-anchor end)
constexpr std::int64_t kBarLeft = 232;
constexpr std::int64_t kBarMax = 340;
constexpr std::int64_t kRow = 24;
constexpr std::int64_t kBarHeight = 16;
constexpr std::size_t kLabelChars = 34;

// Column chart geometry (pixels).
constexpr std::int64_t kPlotLeft = 40;
constexpr std::int64_t kPlotTop = 20;
constexpr std::int64_t kPlotHeight = 160;
constexpr std::int64_t kBottom = 40;  // room for the labels under the axis
constexpr std::size_t kColumnLabelChars = 10;

std::string number(std::int64_t value) { return std::to_string(value); }

// At most `limit` code points of `text`, with an ellipsis when cut.
std::string shortened(const std::string& text, std::size_t limit) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if ((byte & 0xC0) == 0x80) {
            continue;  // a continuation byte belongs to the current code point
        }
        if (points == limit) {
            return text.substr(0, i) + "\xE2\x80\xA6";
        }
        ++points;
    }
    return text;
}

// `value` of `largest` as a share of `span` pixels, rounded; 0 when nothing is larger than 0.
std::int64_t scaled(std::int64_t value, std::int64_t largest, std::int64_t span) {
    if (largest <= 0 || value <= 0) {
        return 0;
    }
    return std::llround(static_cast<double>(value) / static_cast<double>(largest) *
                        static_cast<double>(span));
}

std::int64_t largestValue(const std::vector<ChartItem>& items) {
    std::int64_t largest = 0;
    for (const ChartItem& item : items) {
        largest = std::max(largest, item.value);
    }
    return largest;
}

std::string svgOpen(const std::string& kind, const std::string& title, std::int64_t height) {
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart " + kind +
           "\" role=\"img\" width=\"" + number(kWidth) + "\" height=\"" + number(height) +
           "\" viewBox=\"0 0 " + number(kWidth) + " " + number(height) + "\"><title>" +
           escape(title) + "</title>";
}

std::string tooltip(const ChartItem& item) {
    return "<title>" + escape(item.detail.empty() ? item.label : item.detail) + ": " +
           number(item.value) + "</title>";
}

std::string text(std::int64_t x, std::int64_t y, const std::string& anchor,
                 const std::string& content) {
    return "<text x=\"" + number(x) + "\" y=\"" + number(y) + "\" text-anchor=\"" + anchor + "\">" +
           escape(content) + "</text>";
}

std::string rect(const std::string& kind, std::int64_t x, std::int64_t y, std::int64_t width,
                 std::int64_t height) {
    return "<rect class=\"" + kind + "\" x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" +
           number(width) + "\" height=\"" + number(height) + "\" fill=\"" + kBarColour + "\"/>";
}

std::string emptyChart(const std::string& kind, const Chart& chart) {
    return svgOpen(kind, chart.title, 32) + text(8, 20, "start", chart.emptyText) + "</svg>";
}

}  // namespace

std::string barChart(const Chart& chart) {
    if (chart.items.empty()) {
        return emptyChart("bars", chart);
    }
    const std::int64_t largest = largestValue(chart.items);
    const auto rows = static_cast<std::int64_t>(chart.items.size());
    std::string out = svgOpen("bars", chart.title, rows * kRow + 8);
    std::int64_t y = 4;
    for (const ChartItem& item : chart.items) {
        const std::int64_t length = scaled(item.value, largest, kBarMax);
        const std::int64_t baseline = y + kBarHeight - 4;
        out += "<g>" + tooltip(item) +
               text(kLabelRight, baseline, "end", shortened(item.label, kLabelChars)) +
               rect("bar", kBarLeft, y, length, kBarHeight) +
               text(kBarLeft + length + 6, baseline, "start", number(item.value)) + "</g>";
        y += kRow;
    }
    return out + "</svg>";
}

std::string columnChart(const Chart& chart) {
    if (chart.items.empty()) {
        return emptyChart("columns", chart);
    }
    const std::int64_t largest = largestValue(chart.items);
    const auto count = static_cast<std::int64_t>(chart.items.size());
    const std::int64_t axisY = kPlotTop + kPlotHeight;
    const std::int64_t slot = std::max<std::int64_t>((kWidth - kPlotLeft - 8) / count, 1);
    const std::int64_t columnWidth = std::max<std::int64_t>(slot * 3 / 5, 1);
    std::string out = svgOpen("columns", chart.title, axisY + kBottom);
    out += "<line x1=\"" + number(kPlotLeft) + "\" y1=\"" + number(axisY) + "\" x2=\"" +
           number(kWidth - 8) + "\" y2=\"" + number(axisY) + "\" stroke=\"" + kAxisColour + "\"/>" +
           text(kPlotLeft - 6, axisY, "end", "0");
    if (largest > 0) {
        out += text(kPlotLeft - 6, kPlotTop + 4, "end", number(largest));
    }
    std::int64_t x = kPlotLeft + (slot - columnWidth) / 2;
    for (const ChartItem& item : chart.items) {
        const std::int64_t height = scaled(item.value, largest, kPlotHeight);
        const std::int64_t middle = x + columnWidth / 2;
        out += "<g>" + tooltip(item) + rect("column", x, axisY - height, columnWidth, height) +
               text(middle, axisY - height - 4, "middle", number(item.value)) +
               text(middle, axisY + 16, "middle", shortened(item.label, kColumnLabelChars)) +
               "</g>";
        x += slot;
    }
    return out + "</svg>";
}

}  // namespace parque::collector::web
