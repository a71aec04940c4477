# Finding and starting Python, lazily, without loading reticulate.
#
# `library(paws.bridge)` starts no Python: the first call that needs the core (building a
# service, paginate, secret_hash) chooses the Python and starts it in this process with the
# package's own small starter (src/pyhost.c), which loads libpython and calls the host's entry
# points with scalars. reticulate is not loaded for that: loading it costs more than a second
# (it loads Matrix and others) and its start-up probes the Python in a child process that
# imports numpy. Whatever still needs reticulate's conversions (.pb_module()) loads it on
# first use; it then finds the Python already running in this process and attaches to it.
#
# Which Python, in order:
#   1. a Python already running in this R session (reticulate's, say); it cannot be changed;
#   2. RETICULATE_PYTHON, when set;
#   3. the virtualenv named by `getOption("paws.bridge.envname", "paws-bridge")` (a name under
#      reticulate's virtualenv root, or a path), made by install_paws_bridge().
# Otherwise the call fails with a message saying to run install_paws_bridge().
# The Python core shipped with the package (inst/python) is put at the END of sys.path, so a
# paws_bridge installed in that Python is used first.

#' @useDynLib paws.bridge, .registration = TRUE
NULL

.pb_state <- new.env(parent = emptyenv())

.pb_default_envname <- function() {
  name <- getOption("paws.bridge.envname", "paws-bridge")
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name)) {
    stop("option paws.bridge.envname must be a single non-empty string", call. = FALSE)
  }
  name
}

# Where virtualenvs live, as reticulate finds them (so reticulate::use_virtualenv("paws-bridge")
# and install_paws_bridge() agree).
.pb_virtualenv_root <- function() {
  for (var in c("RETICULATE_VIRTUALENV_ROOT", "WORKON_HOME")) {
    value <- Sys.getenv(var)
    if (nzchar(value)) return(path.expand(value))
  }
  path.expand("~/.virtualenvs")
}

# The directory of a virtualenv given by name (under the root) or by path.
.pb_virtualenv_path <- function(envname) {
  if (grepl("/", envname, fixed = TRUE)) path.expand(envname)
  else file.path(.pb_virtualenv_root(), envname)
}

.pb_virtualenv_python <- function(envname) {
  file.path(.pb_virtualenv_path(envname), "bin", "python")
}

# The Python executable to start and where the choice came from, without starting it.
.pb_choose_python <- function(must = TRUE) {
  reticulate_python <- Sys.getenv("RETICULATE_PYTHON")
  if (nzchar(reticulate_python)) {
    return(list(python = path.expand(reticulate_python),
                source = sprintf("RETICULATE_PYTHON (%s)", reticulate_python)))
  }
  envname <- .pb_default_envname()
  python <- .pb_virtualenv_python(envname)
  if (file.exists(python)) {
    return(list(python = python, source = sprintf("the virtualenv \"%s\"", envname)))
  }
  if (!must) return(NULL)
  stop(sprintf(paste0(
    "paws.bridge needs Python with the paws-bridge package, and found none:\n",
    "  RETICULATE_PYTHON is not set and there is no virtualenv named \"%s\" (in %s).\n",
    "Run `paws.bridge::install_paws_bridge()` once to create it, or set ",
    "RETICULATE_PYTHON to a Python that has paws-bridge installed."),
    envname, .pb_virtualenv_root()), call. = FALSE)
}

# libpython of `python`. For a virtualenv it is read from pyvenv.cfg (its base Python's
# `home` and version: <home>/../lib/libpythonX.Y.so*); otherwise, or when that file is not
# there, the interpreter itself is asked (a child without site, 20-100 ms).
.pb_libpython <- function(python) {
  lib <- .pb_libpython_from_venv(python)
  if (!is.null(lib)) return(lib)
  .pb_libpython_probe(python)
}

.pb_libpython_from_venv <- function(python) {
  cfg <- file.path(dirname(dirname(python)), "pyvenv.cfg")
  if (!file.exists(cfg)) return(NULL)
  lines <- readLines(cfg, warn = FALSE)
  value <- function(key) {
    hit <- grep(sprintf("^\\s*%s\\s*=", key), lines, value = TRUE)
    if (length(hit)) trimws(sub("^[^=]*=", "", hit[[1L]])) else ""
  }
  home <- value("home")
  version <- regmatches(paste(value("version"), value("version_info")),
                        regexpr("[0-9]+\\.[0-9]+", paste(value("version"), value("version_info"))))
  if (!nzchar(home) || !length(version)) return(NULL)
  dir <- file.path(dirname(home), "lib")
  for (name in sprintf(c("libpython%s.so.1.0", "libpython%s.so", "libpython%s.dylib"), version)) {
    if (file.exists(file.path(dir, name))) return(file.path(dir, name))
  }
  NULL
}

.pb_libpython_probe <- function(python) {
  code <- paste0("import sys, sysconfig as c, os; ",
                 "d = c.get_config_var('LIBDIR') or ''; ",
                 "n = [c.get_config_var(k) or '' for k in ('INSTSONAME', 'LDLIBRARY')]; ",
                 "print(next((os.path.join(d, x) for x in n if x.endswith(('.so', '.dylib')) ",
                 "or '.so.' in x), ''))")
  out <- .pb_run_python(c("-E", "-S", "-c", code), python = python)
  lib <- if (identical(attr(out, "status"), 0L) && length(out)) out[[length(out)]] else ""
  if (!nzchar(lib) || !file.exists(lib)) {
    stop(sprintf(paste0(
      "%s has no shared Python library (libpython%s); paws.bridge needs a Python built ",
      "with --enable-shared (Debian's python3, pyenv with PYTHON_CONFIGURE_OPTS=",
      "--enable-shared, conda).%s"), python, if (nzchar(lib)) paste0(": ", lib) else "",
      if (length(out) && !identical(attr(out, "status"), 0L))
        paste0("\n", paste(out, collapse = "\n")) else ""), call. = FALSE)
  }
  lib
}

# Start Python (or attach to the one running); returns where it came from, for messages.
.pb_use_python <- function() {
  if (!is.null(.pb_state$source)) {
    return(.pb_state$source)
  }
  if (nzchar(.Call(pb_py_running))) {
    source <- "the Python already running in this R session"
  } else {
    choice <- .pb_choose_python()
    if (!file.exists(choice$python)) {
      stop(sprintf("%s does not exist.\nRun `paws.bridge::install_paws_bridge()`, or set %s",
                   choice$source, "RETICULATE_PYTHON to a Python that has paws-bridge."),
           call. = FALSE)
    }
    lib <- .pb_libpython(choice$python)
    .pb_without_ld_library_path(.Call(pb_py_start, lib, choice$python))
    source <- choice$source
  }
  .pb_state$source <- source
  core <- system.file("python", package = "paws.bridge")
  if (nzchar(core)) .pb_py_function("site", "addsitedir")(core)  # appended: installed wins
  source
}

# An R function calling the Python function `module.name` with scalar arguments (NULL,
# length-1 integer, double, logical, string; an environment goes as its address); it returns
# an integer, a string or NULL. Looked up once per session.
.pb_py_function <- function(module, name) {
  key <- paste0(module, ":", name)
  functions <- .pb_state$functions
  if (is.null(functions)) {
    functions <- .pb_state$functions <- new.env(parent = emptyenv())
  }
  fn <- functions[[key]]
  if (is.null(fn)) {
    source <- .pb_use_python()
    ptr <- tryCatch(.Call(pb_py_callable, module, name), error = function(e) {
      stop(sprintf(paste0(
        "cannot import the Python module %s from %s:\n  %s\n",
        "Run `paws.bridge::install_paws_bridge()` to install paws-bridge there."),
        module, source, conditionMessage(e)), call. = FALSE)
    })
    fn <- function(...) .Call(pb_py_invoke, ptr, list(...))
    functions[[key]] <- fn
  }
  fn
}

# The Python module `name` as a reticulate object, imported on first use and cached for the
# session (for what needs reticulate's conversions). Python is started by us first, so
# reticulate attaches to it.
.pb_module <- function(name) {
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name)) {
    stop("`name` must be a single Python module name", call. = FALSE)
  }
  modules <- .pb_state$modules
  if (is.null(modules)) {
    modules <- .pb_state$modules <- new.env(parent = emptyenv())
  }
  module <- modules[[name]]
  if (!is.null(module)) {
    return(module)
  }
  source <- .pb_use_python()
  module <- tryCatch(
    .pb_without_ld_library_path(reticulate::import(name, convert = TRUE)),
    error = function(e) {
      stop(sprintf(paste0(
        "cannot import the Python module %s from %s (%s):\n  %s\n",
        "Run `paws.bridge::install_paws_bridge()` to install paws-bridge there."),
        name, source, .pb_python_exe(must = FALSE), conditionMessage(e)),
        call. = FALSE)
    })
  modules[[name]] <- module
  module
}

# The R host module of the core (paws_bridge.r.host), as a reticulate object.
.pb_host <- function() {
  .pb_module("paws_bridge.r.host")
}

# TRUE when Python has been started in this R session (by us or anyone else).
.pb_python_started <- function() {
  nzchar(.Call(pb_py_running))
}

# Path of the Python executable that is (or would be) used, without starting Python:
# the running one, RETICULATE_PYTHON, or the virtualenv's. NA when there is none and
# `must` is FALSE; an error saying to run install_paws_bridge() when `must` is TRUE.
.pb_python_exe <- function(must = TRUE) {
  if (.pb_python_started()) {
    return(.pb_py_function("paws_bridge.r.host", "python_executable")())
  }
  choice <- .pb_choose_python(must = must)
  if (is.null(choice)) NA_character_ else choice$python
}

# --- child Python processes ---------------------------------------------------------------
#
# R exports LD_LIBRARY_PATH (pointing at R's own lib directory). A Python started from R
# inherits it and may load the wrong libpython or libraries; so every child process we start
# runs with LD_LIBRARY_PATH removed from its environment.

# Evaluate `expr` with LD_LIBRARY_PATH unset, restoring it afterwards. Child processes
# started inside `expr` do not inherit it; this process has already loaded its libraries.
.pb_without_ld_library_path <- function(expr) {
  old <- Sys.getenv("LD_LIBRARY_PATH", unset = NA)
  if (!is.na(old)) {
    Sys.unsetenv("LD_LIBRARY_PATH")
    on.exit(Sys.setenv(LD_LIBRARY_PATH = old), add = TRUE)
  }
  force(expr)
}

# Run `python args...` to completion with LD_LIBRARY_PATH removed; returns its stdout as a
# character vector, with the exit status as attribute "status" (0 on success).
.pb_run_python <- function(args, python = .pb_python_exe(), stdin = "") {
  if (!is.character(python) || length(python) != 1L || is.na(python) || !nzchar(python)) {
    stop("`python` must be the path of a Python executable", call. = FALSE)
  }
  out <- .pb_without_ld_library_path(
    suppressWarnings(system2(python, shQuote(args), stdout = TRUE, stderr = TRUE,
                             stdin = stdin)))
  status <- attr(out, "status")
  attr(out, "status") <- if (is.null(status)) 0L else as.integer(status)
  out
}

# Start `python args...` in the background with LD_LIBRARY_PATH removed. Returns a list:
# pid, stdout and stderr (paths of files that receive the child's output). Stop it with
# .pb_stop_process().
.pb_spawn_python <- function(args, python = .pb_python_exe()) {
  if (.Platform$OS.type != "unix") {
    stop("starting a background Python process needs a Unix-like system", call. = FALSE)
  }
  stdout <- tempfile("pb-child-", fileext = ".out")
  stderr <- tempfile("pb-child-", fileext = ".err")
  # `exec` makes the shell become the child, so $! is the Python process itself.
  command <- sprintf("(exec %s %s >%s 2>%s </dev/null) & echo $!",
                     shQuote(python), paste(shQuote(args), collapse = " "),
                     shQuote(stdout), shQuote(stderr))
  pid <- .pb_without_ld_library_path(system2("sh", c("-c", shQuote(command)), stdout = TRUE))
  pid <- suppressWarnings(as.integer(pid[length(pid)]))
  if (length(pid) != 1L || is.na(pid)) {
    stop(sprintf("could not start %s", python), call. = FALSE)
  }
  list(pid = pid, stdout = stdout, stderr = stderr)
}

# Wait until the child has written at least one line to stdout and return that line (e.g.
# the URL printed by `python -m paws_bridge.local`); fails with the child's stderr if it exits
# or the timeout passes first.
.pb_child_first_line <- function(child, timeout = 30) {
  deadline <- Sys.time() + timeout
  repeat {
    lines <- if (file.exists(child$stdout)) readLines(child$stdout, warn = FALSE) else character()
    if (length(lines) > 0L && nzchar(lines[[1L]])) {
      return(lines[[1L]])
    }
    alive <- .pb_process_alive(child$pid)
    if (!alive || Sys.time() > deadline) {
      err <- if (file.exists(child$stderr)) readLines(child$stderr, warn = FALSE) else character()
      stop(sprintf("the Python child process %s before printing anything:\n%s",
                   if (alive) "timed out" else "exited",
                   paste(utils::tail(err, 20L), collapse = "\n")), call. = FALSE)
    }
    Sys.sleep(0.05)
  }
}

.pb_process_alive <- function(pid) {
  # signal 0 tests for existence; a zombie (exited, not yet reaped) counts as gone
  if (!isTRUE(tools::pskill(pid, 0L))) {
    return(FALSE)
  }
  stat <- sprintf("/proc/%d/stat", pid)
  if (file.exists(stat)) {
    fields <- strsplit(readLines(stat, warn = FALSE)[1L], ") ", fixed = TRUE)[[1L]]
    return(!startsWith(fields[length(fields)], "Z"))
  }
  TRUE
}

# Stop a child started by .pb_spawn_python(): SIGTERM, then SIGKILL if it lingers.
.pb_stop_process <- function(child, timeout = 5) {
  if (!.pb_process_alive(child$pid)) {
    return(invisible(FALSE))
  }
  tools::pskill(child$pid, tools::SIGTERM)
  deadline <- Sys.time() + timeout
  while (.pb_process_alive(child$pid) && Sys.time() < deadline) {
    Sys.sleep(0.05)
  }
  if (.pb_process_alive(child$pid)) {
    tools::pskill(child$pid, tools::SIGKILL)
  }
  invisible(TRUE)
}
