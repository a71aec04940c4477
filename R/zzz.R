# Loading the package starts no Python: the core is imported on first use (see python.R).
# .onLoad only records, as reticulate-based packages conventionally do, that the
# paws-bridge virtualenv is a Python this package can use (`required = FALSE` records a
# preference and starts nothing), so that a package which starts Python before us in this
# session considers it too. RETICULATE_PYTHON, when set, wins and is left alone.

.onLoad <- function(libname, pkgname) {
  if (!nzchar(Sys.getenv("RETICULATE_PYTHON")) &&
      !reticulate::py_available(initialize = FALSE)) {
    envname <- getOption("paws.bridge.envname", "paws-bridge")
    if (is.character(envname) && length(envname) == 1L && !is.na(envname) &&
        isTRUE(tryCatch(reticulate::virtualenv_exists(envname), error = function(e) FALSE))) {
      try(reticulate::use_virtualenv(envname, required = FALSE), silent = TRUE)
    }
  }
  invisible()
}
