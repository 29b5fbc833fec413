// Reading an inventory as it was at a git revision, with the git command
// (no second checkout, no re-implementation of git's object store).
#include "command.hpp"
#include "git_revision.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fmt/format.h>


#include "ward/diagnostic.hpp"

extern char** environ;

namespace ward::cli {

namespace fs = std::filesystem;

GitResult run_git(const std::vector<std::string>& args) {
  GitResult r;
  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) return r;
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    return r;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> argv_text{"git", "--no-pager"};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_text) argv.push_back(a.data());
  argv.push_back(nullptr);
  // Never prompt for credentials or open an editor from a hook.
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "GIT_TERMINAL_PROMPT=", 20) != 0) env_text.emplace_back(*e);
  env_text.emplace_back("GIT_TERMINAL_PROMPT=0");
  std::vector<char*> envp;
  for (auto& e : env_text) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int spawned = posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (spawned != 0) {
    close(out_pipe[0]);
    close(err_pipe[0]);
    return r;
  }
  r.started = true;
  // Read both pipes until both close (a full stderr pipe must not stall stdout).
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&r.out, &r.err};
  int open_fds = 2;
  char buffer[1 << 16];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int k = 0; k < 2; ++k) {
      if (fds[k].fd < 0 || fds[k].revents == 0) continue;
      ssize_t n = read(fds[k].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[k]->append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[k].fd);
        fds[k].fd = -1;
        --open_fds;
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

namespace {

std::string first_line(const std::string& s) {
  std::string line = s.substr(0, s.find('\n'));
  return line.empty() ? "(no message)" : printable(line);
}

std::unique_ptr<Inventory> fail(std::string& errors, const std::string& message, const std::string& hint) {
  errors += "error: " + message + "\n";
  if (!hint.empty()) errors += "  help: " + hint + "\n";
  return nullptr;
}

}  // namespace

std::unique_ptr<Inventory> load_inventory_at_revision(const std::string& data, const std::string& ref,
                                                      std::size_t max_errors, std::string& errors, bool row_hashes,
                                                      const BesideFor& beside_for) {
  if (ref.empty() || ref[0] == '-')
    return fail(errors, fmt::format("--against `{}` is not a git revision", printable(ref)), "name a commit, branch or tag, e.g. --against HEAD");
  std::error_code ec;
  fs::path path = fs::weakly_canonical(fs::absolute(data, ec), ec);
  const bool json = path.extension() == ".json";
  fs::path dir = json ? path.parent_path() : path;
  GitResult top = run_git({"-C", dir.string(), "rev-parse", "--show-toplevel"});
  if (!top.started) return fail(errors, "--against needs the git command, and it could not be run", "install git (Debian: apt-get install git)");
  if (top.status != 0)
    return fail(errors, fmt::format("--against: `{}` is not inside a git repository", printable(data)),
                "run ward in the repository that holds the inventory, or compare with --baseline DIR");
  std::string root = top.out.substr(0, top.out.find('\n'));
  GitResult commit = run_git({"-C", root, "rev-parse", "--verify", "--quiet", ref + "^{commit}"});
  if (commit.status != 0)
    return fail(errors, fmt::format("--against: no revision `{}` in the repository that holds `{}`", printable(ref), printable(data)),
                "name a commit, branch or tag that exists, e.g. --against HEAD or --against origin/main");
  // Everything below reads this commit, so a branch that moves meanwhile
  // cannot mix two states.
  const std::string sha = commit.out.substr(0, commit.out.find('\n'));
  fs::path relative = fs::relative(path, fs::weakly_canonical(root, ec), ec);
  std::string rel = relative.generic_string();
  const std::string display = ref + ":" + rel;
  LoadOptions options;
  options.max_file_bytes = max_file_bytes();
  options.max_errors = max_errors;
  options.row_hashes = row_hashes;
  LoadResult loaded;
  if (json) {
    GitResult blob = run_git({"-C", root, "cat-file", "blob", sha + ":" + rel});
    if (blob.status != 0)
      return fail(errors, fmt::format("--against: {} has no inventory `{}`", printable(ref), printable(rel)),
                  "the inventory must exist at that revision; for a new inventory, run ward check without --against");
    loaded = load_inventory_json_text(display, blob.out, options);
  } else {
    // Every file is read from the commit itself. (Reading "unchanged" files
    // from disk, as `git diff` reports them, missed renames and files
    // marked assume-unchanged: a change could pass as no change.)
    GitResult tree = run_git({"-C", root, "ls-tree", "-z", sha, "--", rel + "/"});
    std::vector<InMemoryFile> files;
    // Entries: "<mode> <type> <object>\t<path>\0"
    for (std::size_t start = 0; tree.status == 0 && start < tree.out.size();) {
      std::size_t end = tree.out.find('\0', start);
      if (end == std::string::npos) end = tree.out.size();
      std::string entry = tree.out.substr(start, end - start);
      start = end + 1;
      auto tab = entry.find('\t');
      if (tab == std::string::npos) continue;
      std::string meta = entry.substr(0, tab), repo_path = entry.substr(tab + 1);
      std::string name = fs::path(repo_path).filename().string();
      auto sp1 = meta.find(' '), sp2 = meta.rfind(' ');
      if (sp1 == std::string::npos || meta.substr(sp1 + 1, sp2 - sp1 - 1) != "blob") continue;
      if (name.size() < 4 || name.compare(name.size() - 4, 4, ".csv") != 0) continue;
      GitResult blob = run_git({"-C", root, "cat-file", "blob", meta.substr(sp2 + 1)});
      if (blob.status != 0)
        return fail(errors, fmt::format("--against: cannot read {}:{}/{} ({})", printable(ref), printable(rel), printable(name), first_line(blob.err)), "");
      files.push_back({name, std::move(blob.out)});
    }
    if (files.empty())
      return fail(errors, fmt::format("--against: {} has no inventory in `{}`", printable(ref), printable(rel)),
                  "the inventory must exist at that revision; for a new inventory, run ward check without --against");
    if (beside_for) options.beside = beside_for(files);
    loaded = load_inventory_csv_text(display, files, options);
  }
  if (!loaded.inventory) {
    errors += render_plain(loaded.diagnostics);
    errors += fmt::format("error: the inventory at `{}` did not load ({} error{}); nothing was evaluated\n", printable(display),
                          loaded.diagnostics.error_count(), loaded.diagnostics.error_count() == 1 ? "" : "s");
  }
  return std::move(loaded.inventory);
}

}  // namespace ward::cli
