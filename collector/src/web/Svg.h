// Charts drawn on the server as inline SVG, so they read without JavaScript and print: a title
// element names the chart, every bar carries a <title> (its label and value) and <text> labels.
// Pure: labelled values in, markup out; every label is escaped here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace parque::collector::web {

struct ChartItem {
    std::string label;  // plain text shown beside the bar or under the column
    std::int64_t value = 0;
    std::string detail;  // plain text for the item's tooltip instead of the label; may be empty
};

struct Chart {
    std::string title;  // plain text: the chart's accessible name
    std::vector<ChartItem> items;
    std::string emptyText;  // plain text drawn when there are no items
};

// One horizontal bar per item, in the given order, lengths proportional to the largest value.
std::string barChart(const Chart& chart);
// One column per item from left to right (a time series), heights proportional to the largest
// value; all-zero values still draw the axis, the labels and zero-height columns.
std::string columnChart(const Chart& chart);

}  // namespace parque::collector::web
