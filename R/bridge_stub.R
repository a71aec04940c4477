# Stub packages for use_bridge(): a paws package that is not installed is stood in for by a
# real, tiny package of the same name that re-exports the bridge's functions.
#
# The stub is an ordinary source package (DESCRIPTION, and a NAMESPACE that imports the
# functions from paws.bridge and exports them again; no R code), installed with
# `R CMD INSTALL` into a library under tempdir() and loaded with loadNamespace() from there.
# Only public R API is used, so `pkg::fn`, getExportedValue(), requireNamespace(),
# find.package() and packageVersion() all see a normal package. (R has no API to register a
# namespace without a package on disk: base R does it with .Internal(registerNamespace()),
# pkgload writes into the registry through rlang::ns_registry_env(), a C-level entry
# "for development tools only"; neither is for a package's ordinary use.) The stub library is never
# put on .libPaths(): once unuse_bridge() unloads the stub, `library(paws)` fails again as it
# did before. Installed stubs are kept for the rest of the session (installing the three
# takes a few tenths of a second, once).

# The stub library of this session, with a current stub for each package of `exports` (a
# named list: package -> names to re-export); the missing ones are installed in one go.
.pb_stub_library <- function(exports) {
  lib <- file.path(tempdir(), "paws.bridge-stubs")
  if (!dir.exists(lib) && !dir.create(lib)) {
    stop("cannot create the stub library ", lib, call. = FALSE)
  }
  version <- as.character(utils::packageVersion("paws.bridge"))
  stale <- names(exports)[!vapply(names(exports), .pb_stub_is_current, NA,
                                  lib = lib, version = version)]
  if (length(stale)) {
    .pb_install_stubs(exports[stale], lib, version)
  }
  lib
}

# Is the stub of `pkg` in `lib` there and made by this version of paws.bridge?
.pb_stub_is_current <- function(pkg, lib, version) {
  description <- file.path(lib, pkg, "DESCRIPTION")
  if (!file.exists(description)) return(FALSE)
  fields <- read.dcf(description, fields = c("Version", "Config/paws.bridge/stub"))
  identical(unname(fields[1L, ]), c(version, "true"))
}

.pb_install_stubs <- function(exports, lib, version) {
  src <- tempfile("paws.bridge-stub-src")
  dir.create(src)
  on.exit(unlink(src, recursive = TRUE), add = TRUE)
  dirs <- vapply(names(exports), function(pkg) {
    .pb_write_stub_source(file.path(src, pkg), pkg, exports[[pkg]], version)
  }, "")
  r <- file.path(R.home("bin"), "R")
  args <- c("CMD", "INSTALL", "--no-test-load", "--no-docs", "--no-html", "--no-multiarch",
            "--no-byte-compile", "-l", shQuote(lib), shQuote(dirs))
  libs <- paste0("R_LIBS=", shQuote(paste(.libPaths(), collapse = .Platform$path.sep)))
  out <- suppressWarnings(system2(r, args, stdout = TRUE, stderr = TRUE, env = libs))
  status <- attr(out, "status")
  failed <- !is.null(status) && !identical(as.integer(status), 0L)
  if (failed || !all(vapply(names(exports), .pb_stub_is_current, NA,
                            lib = lib, version = version))) {
    stop("use_bridge() could not install its stand-in packages (",
         paste(names(exports), collapse = ", "), ") into ", lib, ":\n",
         paste(out, collapse = "\n"), call. = FALSE)
  }
  invisible(lib)
}

# Write the source of the stub of `pkg` into `dir`; returns `dir`.
.pb_write_stub_source <- function(dir, pkg, exports, version) {
  dir.create(dir)
  writeLines(c(
    paste("Package:", pkg),
    paste("Version:", version),
    sprintf("Title: Stand-in for '%s' Answered by 'paws.bridge'", pkg),
    paste0("Description: Made by paws.bridge::use_bridge() for this R session: re-exports ",
           "the functions of 'paws.bridge' under the names '", pkg, "' has."),
    "License: Apache License (== 2.0)",
    "Imports: paws.bridge",
    "Config/paws.bridge/stub: true"),
    file.path(dir, "DESCRIPTION"))
  writeLines(c(sprintf("importFrom(paws.bridge, %s)", exports),
               sprintf("export(%s)", exports)),
             file.path(dir, "NAMESPACE"))
  dir
}

# Load the stub of `pkg` from `lib` (and attach it as "package:<pkg>" when asked and
# nothing of that name is attached), so that `library(pkg)` in a script finds it attached
# and does nothing. Returns use_bridge()'s record of it.
.pb_load_stub <- function(pkg, lib, attach) {
  ns <- loadNamespace(pkg, lib.loc = lib)
  if (!.pb_is_stub(ns)) {
    stop("use_bridge(): the namespace ", pkg, " loaded from ", lib,
         " is not paws.bridge's stand-in", call. = FALSE)
  }
  record <- list(how = "stub", ns = ns, attached = FALSE)
  name <- paste0("package:", pkg)
  if (attach && !(name %in% search())) {
    attachNamespace(ns, pos = 2L)
    record$attached <- TRUE
    record$attached_env <- as.environment(name)
  }
  record
}

# Detach (when use_bridge() attached it) and unload the stub of `pkg`.
.pb_unload_stub <- function(pkg, record) {
  name <- paste0("package:", pkg)
  if (isTRUE(record$attached)) {
    where <- match(name, search())
    if (!is.na(where) && identical(as.environment(where), record$attached_env)) {
      detach(pos = where)
    }
  }
  if (pkg %in% loadedNamespaces() && identical(asNamespace(pkg), record$ns)) {
    unloadNamespace(pkg)
  }
  invisible()
}

# Is this namespace one of our stubs? (Its DESCRIPTION says so.)
.pb_is_stub <- function(ns) {
  path <- getNamespaceInfo(ns, "path")
  description <- file.path(path, "DESCRIPTION")
  file.exists(description) &&
    identical(unname(read.dcf(description, fields = "Config/paws.bridge/stub")[1L, 1L]),
              "true")
}
