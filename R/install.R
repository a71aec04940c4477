# install_paws_bridge(): the Python side, in a virtualenv of its own (the usual pattern of
# reticulate-based packages). It installs the pinned dependencies shipped with the R
# package (inst/python/requirements.txt: boto3/botocore and rpy2 at the versions this
# release was tested with), then the paws-bridge Python package itself.

#' Install the Python side of paws.bridge
#'
#' @description
#' Creates (or updates) a Python virtualenv with what paws.bridge needs: first the pinned
#' dependencies shipped with this package (\file{python/requirements.txt}: boto3 and botocore
#' at the version whose service model the package was built from, and rpy2), then the
#' paws-bridge Python package itself. Run it once after installing the R package; Python is
#' found in later sessions without further setup.
#'
#' @details
#' Child processes (pip) run without \env{LD_LIBRARY_PATH}, which R sets for itself and
#' which would make a Python started from R load the wrong libraries. If this R session
#' already runs another Python, restart R to use the new virtualenv.
#'
#' @param envname The name of the virtualenv to create or update (reticulate's
#'   \code{\link[reticulate]{virtualenv_create}} puts it under \env{WORKON_HOME}, by default
#'   \file{~/.virtualenvs}). paws.bridge uses the virtualenv named \code{"paws-bridge"} (or
#'   the option \code{paws.bridge.envname}) unless \env{RETICULATE_PYTHON} is set.
#' @param python The Python (3.10 or later) to create the virtualenv with; \code{NULL} lets
#'   reticulate choose. Unused when the virtualenv exists.
#' @param package Where to install the paws-bridge Python package from: the root of a
#'   paws-bridge source checkout (a directory with \file{pyproject.toml}), a wheel or sdist
#'   file, or a pip requirement. \code{NULL} means the environment variable
#'   \env{PAWS_BRIDGE_PYTHON_PACKAGE} if set, else \code{"paws-bridge==<this version>"} from
#'   the package index.
#' @param ... Further arguments to \code{\link[reticulate]{virtualenv_create}}.
#' @return The path of the virtualenv's Python, invisibly.
#' @examples
#' \dontrun{
#' # from a source checkout of paws-bridge
#' install_paws_bridge(package = "~/src/paws_bridge")
#' }
#' @export
install_paws_bridge <- function(envname = "paws-bridge", python = NULL, package = NULL,
                                ...) {
  .pb_check_string(envname, "envname")
  if (!is.null(python)) .pb_check_string(python, "python")
  if (is.null(package)) {
    package <- Sys.getenv("PAWS_BRIDGE_PYTHON_PACKAGE",
                         unset = paste0("paws-bridge==", utils::packageVersion("paws.bridge")))
  }
  .pb_check_string(package, "package")
  if (dir.exists(package)) {
    if (!file.exists(file.path(package, "pyproject.toml"))) {
      stop(sprintf("`package` is a directory without pyproject.toml: %s\n%s", package,
                   "Give the root of a paws-bridge source checkout, a wheel, or a pip requirement."),
           call. = FALSE)
    }
    package <- normalizePath(package)
  }
  requirements <- system.file("python", "requirements.txt", package = "paws.bridge")
  if (!nzchar(requirements)) {
    stop("the R package paws.bridge was installed without inst/python/requirements.txt; ",
         "reinstall it", call. = FALSE)
  }

  .pb_without_ld_library_path({
    if (!reticulate::virtualenv_exists(envname)) {
      message(sprintf("Creating the virtualenv \"%s\" ...", envname))
      reticulate::virtualenv_create(envname, python = python, packages = NULL, ...)
    } else if (!is.null(python)) {
      message(sprintf("The virtualenv \"%s\" exists; installing into it (`python` unused).",
                      envname))
    }
    venv_python <- reticulate::virtualenv_python(envname)
    .pb_pip(venv_python, c("install", "--upgrade", "pip"))
    .pb_pip(venv_python, c("install", "-r", requirements))
    .pb_pip(venv_python, c("install", package))
  })

  running <- .pb_python_started() &&
    !identical(normalizePath(reticulate::py_config()$python, mustWork = FALSE),
               normalizePath(venv_python, mustWork = FALSE))
  message(sprintf("paws-bridge is installed in the virtualenv \"%s\" (%s).", envname,
                  venv_python))
  if (running) {
    message("This R session already runs another Python: restart R to use it.")
  }
  invisible(venv_python)
}

# Run `python -m pip args...`, its output going to the console; fail if pip fails.
.pb_pip <- function(python, args) {
  status <- system2(python, c("-m", "pip", "--disable-pip-version-check", shQuote(args)))
  if (!identical(as.integer(status), 0L)) {
    stop(sprintf("`pip %s` failed (exit status %s); see its output above",
                 paste(args, collapse = " "), status), call. = FALSE)
  }
  invisible(TRUE)
}
