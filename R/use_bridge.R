# use_bridge(), unuse_bridge(): run an unmodified paws script on the bridge.
#
# After use_bridge(), `paws::s3()`, `paws.database::dynamodb()`,
# `paws.security.identity::cognitoidentityprovider()`, `library(paws)` followed by a bare
# `ssm()`, and paws's paginate()/paginate_lapply()/paginate_sapply() give the bridge's
# functions, for paws and every one of its category packages. The user's installed paws is never modified on disk. Per package:
#
# * NOT installed: a stub package of that name, re-exporting the bridge's functions, is
#   installed into a temporary library of this session and loaded (and attached) from there
#   (bridge_stub.R).
# * installed: the package is loaded and its bindings are replaced in memory (bridge_shim.R).
#
# unuse_bridge() undoes each: unloads the stubs, puts every replaced binding back.

.pb_bridge_state <- new.env(parent = emptyenv())

# What each paws package exports that the bridge provides: paws every constructor, each
# category package (paws.database, paws.storage, ...; the table .pb_paws_packages is generated
# from the registry into constructors.R) its constructors, and all of them paws.common's
# helpers, which they re-export.
.pb_bridge_exports <- function() {
  helpers <- c("config", "credentials", "creds", "paginate", "paginate_lapply",
               "paginate_sapply")
  categories <- lapply(.pb_paws_packages, function(constructors) c(constructors, helpers))
  c(list(paws = c(sort(unlist(.pb_paws_packages, use.names = FALSE)), helpers)),
    categories,
    list(paws.common = helpers))
}

#' Make paws scripts use the bridge
#'
#' @description
#' After \code{use_bridge()}, an unmodified paws script runs on the bridge:
#' \code{paws::s3()}, \code{paws.database::dynamodb()}, \code{paws.management::ssm()}
#' (every constructor of paws and of each of its category packages),
#' \code{library(paws)} followed by \code{cognitoidentityprovider()}, and paws's
#' \code{paginate()}, \code{paginate_lapply()} and \code{paginate_sapply()} give the
#' bridge's functions. The installed paws packages are never modified on disk.
#' \code{unuse_bridge()} puts every original binding back and detaches and unloads the
#' stand-in packages \code{use_bridge()} loaded.
#'
#' @details
#' A paws package that is not installed is stood in for by a stub: a package of the same
#' name, without code, whose NAMESPACE re-exports the bridge's functions under paws's names.
#' It is installed with \verb{R CMD INSTALL} into a library under \code{tempdir()} (which is
#' never put on \code{.libPaths()}) the first time it is needed in a session, about 0.6
#' seconds for three, a few seconds for all 22, and loaded from there.
#'
#' A paws package that is installed is loaded, and its bindings are replaced in memory (with
#' \code{unlockBinding()}; \code{unuse_bridge()} restores and locks them again); its
#' \code{paginate*()} functions then send calls of bridge operations to the bridge and any
#' other call to paws.common's original.
#'
#' @param packages The paws packages to redirect: any of \code{"paws"}, its category
#'   packages (\code{"paws.analytics"}, \code{"paws.database"}, \code{"paws.management"},
#'   \code{"paws.security.identity"}, \code{"paws.storage"}, ...) and \code{"paws.common"}
#'   (by default all of them).
#' @param attach Attach the stub of each package that is not installed, so that
#'   \code{library(paws)} in the script finds it (default \code{TRUE}). With \code{FALSE},
#'   \code{paws::} works but \code{library(paws)} does not.
#' @return \code{use_bridge()}: invisibly, a named character vector: for each package, \code{"stub"}
#' (not installed; a stand-in package was loaded from a temporary library) or \code{"shim"}
#' (installed; its bindings were replaced in memory).
#'
#' \code{unuse_bridge()}: invisibly, the packages that were restored.
#' @seealso \code{\link{cognitoidentityprovider}}, \code{\link{paginate}}
#' @examples
#' \dontrun{
#' use_bridge()
#' svc <- paws::cognitoidentityprovider()
#' unuse_bridge()
#' }
#' @export
use_bridge <- function(packages = names(.pb_bridge_exports()), attach = TRUE) {
  known <- .pb_bridge_exports()
  if (!is.character(packages) || anyNA(packages) || !all(packages %in% names(known))) {
    stop("`packages` must be among: ", paste(names(known), collapse = ", "), call. = FALSE)
  }
  if (!is.logical(attach) || length(attach) != 1L || is.na(attach)) {
    stop("`attach` must be TRUE or FALSE", call. = FALSE)
  }
  packages <- unique(packages)
  todo <- packages[vapply(packages, function(pkg) is.null(.pb_bridge_state[[pkg]]), NA)]
  installed <- vapply(todo, .pb_is_installed, NA)
  # one R CMD INSTALL for every stub still missing from this session's stub library
  stub_lib <- if (any(!installed)) .pb_stub_library(known[todo[!installed]])
  for (pkg in todo) {
    record <- if (installed[[pkg]]) {
      .pb_shim_installed(pkg, known[[pkg]])
    } else {
      .pb_load_stub(pkg, stub_lib, attach)
    }
    assign(pkg, record, envir = .pb_bridge_state)
  }
  how <- vapply(packages, function(pkg) .pb_bridge_state[[pkg]]$how, "")
  invisible(how)
}

#' @rdname use_bridge
#' @export
unuse_bridge <- function() {
  done <- character()
  for (pkg in rev(ls(.pb_bridge_state, all.names = TRUE))) {
    record <- .pb_bridge_state[[pkg]]
    if (identical(record$how, "shim")) {
      .pb_unshim(record)
    } else {
      .pb_unload_stub(pkg, record)
    }
    rm(list = pkg, envir = .pb_bridge_state)
    done <- c(done, pkg)
  }
  invisible(done)
}

# Is a real `pkg` installed (or loaded)? A loaded stub of ours does not count, and the stub
# library is never on .libPaths().
.pb_is_installed <- function(pkg) {
  if (pkg %in% loadedNamespaces()) {
    return(!.pb_is_stub(asNamespace(pkg)))
  }
  length(find.package(pkg, lib.loc = .libPaths(), quiet = TRUE)) > 0L
}

# The bridge's function for a paws name.
.pb_bridge_function <- function(name) {
  getExportedValue("paws.bridge", name)
}
