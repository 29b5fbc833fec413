// libFuzzer target: the policy front end (parser, checker, compiler) and the
// formatter on arbitrary text. Any input must give either a compiled policy
// or diagnostics; a crash, a hang or a sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ward/policy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ward::PolicySource source{"fuzz.ward", "", std::string(reinterpret_cast<const char*>(data), size), ""};
  ward::FormatResult formatted = ward::format_policy(source);
  ward::CompileResult compiled = ward::compile_policies({source});
  if ((compiled.policy == nullptr) != compiled.diagnostics.has_errors()) __builtin_trap();  // the contract
  if (compiled.diagnostics.has_errors()) (void)ward::render_with_source(compiled.diagnostics, {source});
  if (formatted.ok()) {
    // The formatter's output is stable: formatting it again changes nothing.
    ward::PolicySource again{"fuzz.ward", "", formatted.text, ""};
    ward::FormatResult twice = ward::format_policy(again);
    if (!twice.ok() || twice.text != formatted.text) __builtin_trap();
  }
  return 0;
}
