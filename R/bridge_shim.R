# In-memory shims for use_bridge(): a paws package that IS installed is loaded, and its
# bindings are replaced in memory (never on disk), where each one lives: the namespace or,
# for a re-export, its imports environment; and "package:<pkg>" when it is attached.
# every constructor becomes the bridge's; paginate*() become dispatchers, so that a
# real paws client's calls still reach paws.common. config()/credentials()/creds() of an
# installed paws.common are left alone (they build the same lists).
#
# A loaded namespace's bindings are locked, and R has no exported way to rebind them other
# than unlockBinding() (or utils::assignInNamespace(), which calls it): R CMD check lists
# the unlockBinding() call below as a "possibly unsafe call" (a NOTE). It is the one place
# that does so, and unuse_bridge() puts back, and locks again, every binding it changed.

# Names an installed package keeps: paws.common's builders of config lists.
.pb_kept_names <- c("config", "credentials", "creds")
# Names replaced by a dispatcher (bridge calls to the bridge, others to paws.common).
.pb_dispatched_names <- c("paginate", "paginate_lapply", "paginate_sapply")

.pb_shim_installed <- function(pkg, exports) {
  ns <- loadNamespace(pkg)
  changes <- list()
  for (name in setdiff(exports, .pb_kept_names)) {
    home <- .pb_binding_home(ns, name)
    if (is.null(home)) next  # a constructor this version of the package does not have
    original <- get(name, envir = home, inherits = FALSE)
    replacement <- if (name %in% .pb_dispatched_names) {
      .pb_dispatcher(.pb_bridge_function(name), original)
    } else {
      .pb_bridge_function(name)
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

# Put back every binding .pb_shim_installed() replaced, last change first.
.pb_unshim <- function(record) {
  for (change in rev(record$changes)) {
    .pb_set_binding(change$env, change$name, change$original)
  }
  invisible()
}

# Where `name` lives for a namespace: the namespace itself, or its imports environment
# for a re-exported function.
.pb_binding_home <- function(ns, name) {
  for (env in list(ns, parent.env(ns))) {
    if (exists(name, envir = env, inherits = FALSE)) return(env)
  }
  NULL
}

# Rebind `name` in `env` (a namespace, its imports or a package environment), keeping the
# binding's lock as it was.
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
