# use_bridge(), unuse_bridge(): run an unmodified paws script on the bridge.
#
# After use_bridge(), `paws::cognitoidentityprovider()`,
# `paws.security.identity::cognitoidentityprovider()`, `library(paws)` followed by a bare
# `cognitoidentityprovider()`, and paws's paginate()/paginate_lapply()/paginate_sapply() give
# the bridge's functions. The user's installed paws is never modified on disk:
#
# * A paws package that is NOT installed gets a stub namespace, registered in this R session
#   only, exporting the bridge's functions under paws's names. `pkg::fn` resolves through
#   the namespace registry (loadNamespace() returns a registered namespace without looking
#   on disk), and the stub is also attached as "package:<pkg>", so `library(pkg)` and
#   `require(pkg)` see the package as already attached and do nothing.
# * A paws package that IS installed is loaded, and its bindings are replaced in memory
#   (unlockBinding/assign/lockBinding, where the binding lives: the namespace or, for a
#   re-export, its imports environment; and in "package:<pkg>" when attached). paginate*()
#   become dispatchers: a call of a bridge operation goes to the bridge, any other call
#   (e.g. a real paws S3 client) to paws.common's original.
#
# unuse_bridge() puts every original binding back, detaches what use_bridge() attached and
# unregisters the stub namespaces it registered.

.pb_bridge_state <- new.env(parent = emptyenv())

# What each paws package exports that the bridge provides (paws and the category packages
# re-export paws.common's helpers).
.pb_bridge_exports <- function() {
  helpers <- c("config", "credentials", "creds", "paginate", "paginate_lapply",
               "paginate_sapply")
  list(paws = c("cognitoidentityprovider", helpers),
       paws.security.identity = c("cognitoidentityprovider", helpers),
       paws.common = helpers)
}

# Names replaced inside an installed package: the services, and paginate*() as
# dispatchers. config()/credentials()/creds() of an installed paws.common are left alone
# (they build the same lists).
.pb_shimmed_names <- c("cognitoidentityprovider", "paginate", "paginate_lapply",
                       "paginate_sapply")

#' Make paws scripts use the bridge
#'
#' @param packages paws packages to redirect; by default paws, paws.security.identity and
#'   paws.common.
#' @param attach attach a stub of each package that is not installed, so that
#'   `library(paws)` in the script finds it (default `TRUE`).
#' @return invisibly, a named character vector: for each package, `"stub"` (not installed;
#'   a session-only namespace was registered) or `"shim"` (installed; bindings replaced).
#' @export
use_bridge <- function(packages = names(.pb_bridge_exports()), attach = TRUE) {
  known <- .pb_bridge_exports()
  if (!is.character(packages) || anyNA(packages) || !all(packages %in% names(known))) {
    stop("`packages` must be among: ", paste(names(known), collapse = ", "), call. = FALSE)
  }
  if (!is.logical(attach) || length(attach) != 1L || is.na(attach)) {
    stop("`attach` must be TRUE or FALSE", call. = FALSE)
  }
  how <- character()
  for (pkg in packages) {
    if (!is.null(.pb_bridge_state[[pkg]])) {
      how[[pkg]] <- .pb_bridge_state[[pkg]]$how
      next
    }
    record <- if (.pb_is_installed(pkg)) {
      .pb_shim_installed(pkg, known[[pkg]])
    } else {
      .pb_register_stub(pkg, known[[pkg]], attach)
    }
    assign(pkg, record, envir = .pb_bridge_state)
    how[[pkg]] <- record$how
  }
  invisible(how)
}

#' Undo use_bridge()
#'
#' Restores every binding use_bridge() replaced, detaches the stubs it attached and
#' unregisters the stub namespaces it registered.
#'
#' @return invisibly, the packages that were restored.
#' @export
unuse_bridge <- function() {
  done <- character()
  for (pkg in rev(ls(.pb_bridge_state, all.names = TRUE))) {
    record <- .pb_bridge_state[[pkg]]
    if (identical(record$how, "shim")) {
      for (change in rev(record$changes)) {
        .pb_set_binding(change$env, change$name, change$original)
      }
    } else {
      if (isTRUE(record$attached)) {
        where <- match(paste0("package:", pkg), search())
        if (!is.na(where) && identical(as.environment(where), record$attached_env)) {
          detach(pos = where)
        }
      }
      ns <- .pb_registered_namespace(pkg)
      if (identical(ns, record$ns)) {
        .Internal(unregisterNamespace(pkg))
      }
    }
    rm(list = pkg, envir = .pb_bridge_state)
    done <- c(done, pkg)
  }
  invisible(done)
}

.pb_is_installed <- function(pkg) {
  ns <- .pb_registered_namespace(pkg)
  if (!is.null(ns)) {
    return(!isTRUE(attr(ns, "paws_bridge_stub")))
  }
  length(find.package(pkg, quiet = TRUE)) > 0L
}

.pb_registered_namespace <- function(pkg) {
  if (pkg %in% loadedNamespaces()) asNamespace(pkg) else NULL
}

# The bridge's function for a paws name.
.pb_bridge_function <- function(name) {
  getExportedValue("paws.bridge", name)
}

# --- packages that are not installed: a stub namespace -------------------------------------

# A namespace with the same structure loadNamespace() gives a package (what `::`,
# getExportedValue(), asNamespace() and environmentName() read), holding the bridge's
# functions. There is no exported R API to register a namespace; base R does it with this
# internal call (as devtools/pkgload do for packages loaded from source).
.pb_register_stub <- function(pkg, exports, attach) {
  impenv <- new.env(parent = .BaseNamespaceEnv, hash = TRUE)
  attr(impenv, "name") <- paste0("imports:", pkg)
  ns <- new.env(parent = impenv, hash = TRUE)
  info <- new.env(parent = baseenv(), hash = TRUE)
  assign(".__NAMESPACE__.", info, envir = ns)
  info$spec <- c(name = pkg, version = as.character(utils::packageVersion("paws.bridge")))
  info$path <- find.package("paws.bridge")
  info$imports <- list(base = TRUE)
  info$dynlibs <- character()
  info$S3methods <- matrix(NA_character_, 0L, 4L)
  info$lazydata <- new.env(parent = baseenv(), hash = TRUE)
  exported <- new.env(parent = baseenv(), hash = TRUE)
  for (name in exports) {
    assign(name, name, envir = exported)
    assign(name, .pb_bridge_function(name), envir = ns)
  }
  info$exports <- exported
  assign(".__S3MethodsTable__.", new.env(parent = baseenv(), hash = TRUE), envir = ns)
  attr(ns, "paws_bridge_stub") <- TRUE
  lockEnvironment(ns, bindings = TRUE)
  .Internal(registerNamespace(pkg, ns))
  record <- list(how = "stub", ns = ns, attached = FALSE)
  if (attach && !(paste0("package:", pkg) %in% search())) {
    env <- base::attach(NULL, pos = 2L, name = paste0("package:", pkg),
                        warn.conflicts = FALSE)
    for (name in exports) assign(name, get(name, envir = ns), envir = env)
    attr(env, "path") <- info$path
    lockEnvironment(env, bindings = TRUE)
    record$attached <- TRUE
    record$attached_env <- env
  }
  record
}

# --- installed packages: replace bindings in memory ---------------------------------------

.pb_shim_installed <- function(pkg, exports) {
  ns <- loadNamespace(pkg)
  changes <- list()
  for (name in intersect(.pb_shimmed_names, exports)) {
    home <- .pb_binding_home(ns, name)
    if (is.null(home)) next
    original <- get(name, envir = home, inherits = FALSE)
    replacement <- if (name == "cognitoidentityprovider") {
      .pb_bridge_function(name)
    } else {
      .pb_dispatcher(.pb_bridge_function(name), original)
    }
    targets <- list(home)
    attached <- paste0("package:", pkg)
    if (attached %in% search() &&
        exists(name, envir = as.environment(attached), inherits = FALSE)) {
      targets <- c(targets, list(as.environment(attached)))
    }
    for (env in targets) {
      changes[[length(changes) + 1L]] <- list(env = env, name = name,
                                              original = get(name, envir = env,
                                                             inherits = FALSE))
      .pb_set_binding(env, name, replacement)
    }
  }
  list(how = "shim", changes = changes)
}

# Where `name` lives for a namespace: the namespace itself, or its imports environment
# for a re-exported function.
.pb_binding_home <- function(ns, name) {
  for (env in list(ns, parent.env(ns))) {
    if (exists(name, envir = env, inherits = FALSE)) return(env)
  }
  NULL
}

.pb_set_binding <- function(env, name, value) {
  locked <- bindingIsLocked(name, env)
  if (locked) unlockBinding(name, env)
  assign(name, value, envir = env)
  if (locked) lockBinding(name, env)
}

# paginate*() for an installed paws: a call whose operation is a bridge function goes to
# the bridge, anything else to paws.common's original, with the call left unevaluated
# (both take `Operation` as an unevaluated call).
.pb_dispatcher <- function(bridge, original) {
  force(bridge)
  force(original)
  function(Operation, ...) {
    call <- match.call()
    env <- parent.frame()
    op <- substitute(Operation)
    fn <- if (is.call(op)) {
      head <- if (identical(op[[1L]], as.name("do.call"))) op[[2L]] else op[[1L]]
      tryCatch(eval(head, env), error = function(e) NULL)
    }
    call[[1L]] <- if (is.function(fn) && !is.null(attr(fn, "paws_bridge", exact = TRUE))) {
      bridge
    } else {
      original
    }
    eval(call, env)
  }
}
