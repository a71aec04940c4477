# install_paws_bridge(): the Python side, in a virtualenv of its own (the usual pattern of
# reticulate-based packages), with nothing but PyPI needed:
#   1. the virtualenv (`python -m venv`), under reticulate's virtualenv root;
#   2. the pinned Python dependencies shipped with the R package (inst/python/requirements.txt:
#      boto3/botocore, rpy2, pandas, tqdm and moto for the local endpoint), from PyPI;
#   3. the Python core: the copy shipped INSIDE this R package (inst/python/paws_bridge) is put
#      on the virtualenv's path with a .pth file, so it always matches the R package (or
#      `package`, a source directory, wheel or pip requirement, is pip-installed instead);
#   4. a check that everything imports.
# Every step says what it does and how long it took; a failure says what to do next.

#' Install the Python side of paws.bridge
#'
#' @description
#' Creates (or updates) a Python virtualenv with what paws.bridge needs, in four steps it
#' announces with their duration: the virtualenv; the pinned dependencies shipped with this
#' package (\file{python/requirements.txt}: boto3 and botocore at the version whose service
#' model the package was built from, rpy2, pandas and tqdm for \code{to_frame()} and
#' \code{batch_call()}, moto for the local endpoint), from PyPI; the Python core shipped with
#' the package, put on the virtualenv's path; and a check that all of it imports. Run it once
#' after installing the R package; later sessions find the virtualenv by themselves. A failing
#' step says what to do next; running it again resumes.
#'
#' @details
#' A Python chosen with \env{RETICULATE_PYTHON} keeps being used (the function says so).
#' Child processes (pip) run without \env{LD_LIBRARY_PATH}, which R sets for itself and
#' which would make a Python started from R load the wrong libraries. If this R session
#' already runs another Python, restart R to use the new virtualenv.
#'
#' @param envname The virtualenv to create or update: a name under reticulate's virtualenv
#'   root (\env{RETICULATE_VIRTUALENV_ROOT}, else \env{WORKON_HOME}, else
#'   \file{~/.virtualenvs}) or a path. paws.bridge uses the virtualenv named
#'   \code{"paws-bridge"} (or the option \code{paws.bridge.envname}) unless
#'   \env{RETICULATE_PYTHON} is set.
#' @param python The Python (3.10 or later, with its shared library) to create the virtualenv
#'   with; \code{NULL} means \command{python3} from the \env{PATH}. Unused when the
#'   virtualenv exists.
#' @param package \code{NULL} (the default) uses the Python core shipped inside this R
#'   package, so nothing but PyPI is needed and the core always matches the R package.
#'   Otherwise where to pip-install the paws-bridge Python package from instead: the root of
#'   a source checkout (a directory with \file{pyproject.toml}), a wheel, or a pip
#'   requirement.
#' @return The path of the virtualenv's Python, invisibly.
#' @examples
#' \dontrun{
#' install_paws_bridge()
#' # from a source checkout of paws-bridge instead of the shipped core
#' install_paws_bridge(package = "~/src/paws_bridge")
#' }
#' @export
install_paws_bridge <- function(envname = "paws-bridge", python = NULL, package = NULL) {
  .pb_check_string(envname, "envname")
  if (!is.null(python)) .pb_check_string(python, "python")
  if (!is.null(package)) .pb_check_string(package, "package")
  requirements <- system.file("python", "requirements.txt", package = "paws.bridge")
  core <- system.file("python", "paws_bridge", package = "paws.bridge")
  if (!nzchar(requirements) || !nzchar(core)) {
    stop("the R package paws.bridge is incomplete (inst/python is missing): reinstall it",
         call. = FALSE)
  }
  if (!is.null(package) && dir.exists(package)) {
    if (!file.exists(file.path(package, "pyproject.toml"))) {
      stop(sprintf("`package` is a directory without pyproject.toml: %s\n%s", package,
                   "Give the root of a paws-bridge source checkout, a wheel, or a pip requirement."),
           call. = FALSE)
    }
    package <- normalizePath(package)
  }
  envdir <- .pb_virtualenv_path(envname)
  venv_python <- file.path(envdir, "bin", "python")
  started <- Sys.time()

  .pb_step("Creating the virtualenv", envdir, if (file.exists(venv_python)) {
    message("  it exists; installing into it", if (!is.null(python)) " (`python` unused)")
  } else {
    base <- .pb_base_python(python)
    message(sprintf("  with %s", base))
    dir.create(dirname(envdir), recursive = TRUE, showWarnings = FALSE)
    .pb_run_checked(base, c("-m", "venv", envdir), paste0(
      "Python could not create the virtualenv. On Debian/Ubuntu install python3-venv ",
      "(apt-get install python3-venv), or give another Python: ",
      "install_paws_bridge(python = \"/path/to/python3\")."))
  })

  .pb_step("Installing the Python dependencies from PyPI",
           "boto3, botocore, rpy2, pandas, tqdm, moto (pinned)", {
    .pb_run_checked(venv_python, c("-m", "pip", "install", "--disable-pip-version-check",
                                   "--upgrade", "pip"),
                    "pip could not upgrade itself: check the network access to PyPI.",
                    echo = FALSE)
    .pb_run_checked(venv_python, c("-m", "pip", "install", "--disable-pip-version-check",
                                   "-r", requirements), paste0(
      "pip failed (see its output above). Check the network access to PyPI; building rpy2 ",
      "needs R's headers and a C compiler (Debian: apt-get install r-base-dev)."))
  })

  site <- .pb_run_checked(venv_python, c("-c",
    "import sysconfig; print(sysconfig.get_path('purelib'))"),
    "the virtualenv's Python does not run: delete it and try again.", echo = FALSE)
  pth <- file.path(site[[length(site)]], "paws_bridge_r.pth")
  if (is.null(package)) {
    .pb_step("Linking the Python core shipped with the R package", dirname(core), {
      writeLines(dirname(core), pth)
    })
  } else {
    .pb_step("Installing the Python core", package, {
      unlink(pth)
      .pb_run_checked(venv_python, c("-m", "pip", "install", "--disable-pip-version-check",
                                     package), "pip could not install `package`.")
    })
  }

  .pb_step("Checking", "import paws_bridge, pandas, tqdm, rpy2, moto", {
    out <- .pb_run_checked(venv_python, c("-I", "-c", paste0(
      "import paws_bridge, pandas, tqdm, rpy2, moto; ",
      "print(paws_bridge.__version__, paws_bridge.__file__)")),
      "the virtualenv is incomplete: run install_paws_bridge() again.", echo = FALSE)
    message("  paws_bridge ", out[[length(out)]])
  })

  message(sprintf("paws-bridge is installed in %s (%.0f s in all).", envdir,
                  as.numeric(difftime(Sys.time(), started, units = "secs"))))
  chosen <- .pb_choose_python(must = FALSE)
  if (nzchar(Sys.getenv("RETICULATE_PYTHON"))) {
    message(sprintf(paste0("RETICULATE_PYTHON is set (%s): paws.bridge keeps using that ",
                           "Python; unset it to use this virtualenv."),
                    Sys.getenv("RETICULATE_PYTHON")))
  } else if (!identical(envname, .pb_default_envname())) {
    message(sprintf("To use it: options(paws.bridge.envname = \"%s\") before the first call.",
                    envname))
  }
  if (.pb_python_started() && !is.null(chosen) &&
      !identical(normalizePath(.pb_python_exe(), mustWork = FALSE),
                 normalizePath(venv_python, mustWork = FALSE))) {
    message("This R session already runs another Python: restart R to use it.")
  }
  invisible(venv_python)
}

# Run one step: announce it, evaluate `expr`, say how long it took.
.pb_step <- function(what, detail, expr) {
  message(sprintf("%s: %s ...", what, detail))
  t0 <- Sys.time()
  force(expr)
  message(sprintf("  done (%.1f s)", as.numeric(difftime(Sys.time(), t0, units = "secs"))))
  invisible()
}

# The Python a new virtualenv is made from: `python`, else python3 from the PATH; it must be
# >= 3.10 and have a shared libpython (the package starts Python inside R from it).
.pb_base_python <- function(python = NULL) {
  if (is.null(python)) {
    python <- Sys.which("python3")
    if (!nzchar(python)) {
      stop("no python3 on the PATH. Install Python >= 3.10 (Debian: apt-get install ",
           "python3 python3-venv), or give one: install_paws_bridge(python = \"...\").",
           call. = FALSE)
    }
  }
  python <- path.expand(python)
  version <- .pb_run_python(c("-c", "import sys; print('%d.%d' % sys.version_info[:2])"),
                            python = python)
  if (!identical(attr(version, "status"), 0L) ||
      numeric_version(version[[length(version)]], strict = FALSE) < "3.10") {
    stop(sprintf("%s is not Python >= 3.10 (%s). Give another: install_paws_bridge(python = ...).",
                 python, paste(version, collapse = " ")), call. = FALSE)
  }
  .pb_libpython(python)  # fails early, saying what to do, when there is no shared library
  unname(python)
}

# Run `python args`, its output shown (echo) or returned; on failure stop with `advice`.
.pb_run_checked <- function(python, args, advice, echo = TRUE) {
  if (echo) {
    status <- .pb_without_ld_library_path(system2(python, shQuote(args)))
    out <- character()
  } else {
    out <- .pb_run_python(args, python = python)
    status <- attr(out, "status")
  }
  if (!identical(as.integer(status), 0L)) {
    stop(sprintf("`%s %s` failed (exit status %s).%s\n%s", basename(python),
                 paste(args, collapse = " "), status,
                 if (length(out)) paste0("\n", paste(utils::tail(out, 20L), collapse = "\n"))
                 else "", advice), call. = FALSE)
  }
  invisible(out)
}
