// Runs a program with an argument vector (no shell) and captures its standard output.
#pragma once

#include <string>
#include <vector>

namespace parque::testing {

struct ProgramResult {
    int exitCode = -1;
    std::string out;
};

ProgramResult runProgram(const std::vector<std::string>& argv);

}  // namespace parque::testing
