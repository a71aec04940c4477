# Finding Python and the paws_bridge Python package, lazily.
#
# `library(paws.bridge)` starts no Python: the first call that needs the core (building a
# service, paginate, secret_hash) chooses the Python, imports the module it needs and keeps
# it in `.pb_state` for the rest of the session.
#
# Which Python, in order:
#   1. a Python that reticulate has already started in this session (it cannot be changed);
#   2. RETICULATE_PYTHON, when set (reticulate honours it itself);
#   3. the virtualenv named by `getOption("paws.bridge.envname", "paws-bridge")`, made by
#      install_paws_bridge().
# Otherwise the call fails with a message saying to run install_paws_bridge().

.pb_state <- new.env(parent = emptyenv())

.pb_default_envname <- function() {
  name <- getOption("paws.bridge.envname", "paws-bridge")
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name)) {
    stop("option paws.bridge.envname must be a single non-empty string", call. = FALSE)
  }
  name
}

# Choose the Python (without importing anything from paws_bridge yet). Returns a short
# description of where it came from, for messages.
.pb_use_python <- function() {
  if (!is.null(.pb_state$source)) {
    return(.pb_state$source)
  }
  source <- if (reticulate::py_available(initialize = FALSE)) {
    "the Python already running in this R session"
  } else if (nzchar(Sys.getenv("RETICULATE_PYTHON"))) {
    sprintf("RETICULATE_PYTHON (%s)", Sys.getenv("RETICULATE_PYTHON"))
  } else {
    envname <- .pb_default_envname()
    if (!reticulate::virtualenv_exists(envname)) {
      stop(sprintf(paste0(
        "paws.bridge needs Python with the paws-bridge package, and found none:\n",
        "  RETICULATE_PYTHON is not set and there is no virtualenv named \"%s\".\n",
        "Run `paws.bridge::install_paws_bridge()` once to create it, or set ",
        "RETICULATE_PYTHON to a Python that has paws-bridge installed."), envname),
        call. = FALSE)
    }
    reticulate::use_virtualenv(envname, required = TRUE)
    sprintf("the virtualenv \"%s\"", envname)
  }
  .pb_state$source <- source
  source
}

# The Python module `name`, imported on first use and cached for the session.
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

# The R host module of the core (paws_bridge.r.host): what the service functions call.
.pb_host <- function() {
  .pb_module("paws_bridge.r.host")
}

# TRUE when Python has been started in this R session (by us or anyone else).
.pb_python_started <- function() {
  reticulate::py_available(initialize = FALSE)
}

# Path of the Python executable that is (or would be) used, without starting Python:
# the running one, RETICULATE_PYTHON, or the virtualenv's. NA when there is none and
# `must` is FALSE; an error saying to run install_paws_bridge() when `must` is TRUE.
.pb_python_exe <- function(must = TRUE) {
  if (reticulate::py_available(initialize = FALSE)) {
    return(reticulate::py_config()$python)
  }
  if (nzchar(Sys.getenv("RETICULATE_PYTHON"))) {
    return(Sys.getenv("RETICULATE_PYTHON"))
  }
  envname <- .pb_default_envname()
  if (reticulate::virtualenv_exists(envname)) {
    return(reticulate::virtualenv_python(envname))
  }
  if (must) .pb_use_python()  # fails with the install message
  NA_character_
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
