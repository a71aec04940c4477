# use_bridge()/unuse_bridge(): unmodified paws code gets the bridge's functions, both when
# paws is not installed (stub packages in a temporary library) and when it is (bindings
# replaced in memory; a small fake paws.common/paws.security.identity is installed into a
# temporary library).
# None of these tests needs Python: a stand-in operation carries the bridge's attribute, so
# paginate() calls dispatch to the bridge's paginate(), which (the stand-in having no Python
# client behind it) answers with its own "Unknown method" error -- proof of where it went.

stand_in_operation <- function() {
  fn <- function(Token = NULL) list(Items = list("a", "b"), Next = character(0))
  attr(fn, "paws_bridge") <- list(service = "fake", operation = "list_items")
  fn
}

# The bridge's own answer to paginate() of a stand-in operation.
bridge_answer <- "Unknown method: `svc$list_items`"

clean_bridge <- function() {
  paws.bridge::unuse_bridge()
  for (pkg in names(paws.bridge:::.pb_bridge_exports())) {
    if (pkg %in% loadedNamespaces() &&
        paws.bridge:::.pb_is_stub(asNamespace(pkg))) {
      stop("stub package ", pkg, " left loaded")
    }
  }
}

test_that("without paws installed, paws:: and library(paws) reach the bridge", {
  skip_if(length(find.package("paws", quiet = TRUE)) > 0, "paws is installed here")
  on.exit(clean_bridge(), add = TRUE)
  how <- use_bridge()
  packages <- names(paws.bridge:::.pb_bridge_exports())
  expect_identical(names(how), packages)
  expect_true(all(how == "stub"))
  # paws, every category package (20 of them) and paws.common
  expect_length(how, 22L)
  expect_identical(paws::cognitoidentityprovider, paws.bridge::cognitoidentityprovider)
  expect_identical(paws::s3, paws.bridge::s3)
  expect_identical(paws.database::dynamodb, paws.bridge::dynamodb)
  expect_identical(paws.management::ssm, paws.bridge::ssm)
  expect_identical(paws.storage::s3, paws.bridge::s3)
  expect_identical(paws.application.integration::sqs, paws.bridge::sqs)
  expect_identical(paws.compute::lambda, paws.bridge::lambda)
  expect_silent(library(paws.database))
  expect_identical(paws.security.identity::cognitoidentityprovider,
                   paws.bridge::cognitoidentityprovider)
  expect_identical(paws.common::paginate, paws.bridge::paginate)
  expect_true(requireNamespace("paws", quietly = TRUE))
  expect_silent(library(paws))
  expect_true(suppressWarnings(require(paws.security.identity, quietly = TRUE)))
  # a bare call after library(paws), in a fresh environment like a sourced script's
  script <- new.env(parent = globalenv())
  expect_identical(evalq(cognitoidentityprovider, script),
                   paws.bridge::cognitoidentityprovider)
  svc <- list(list_items = stand_in_operation())
  expect_error(evalq(paws::paginate(svc$list_items()), list2env(list(svc = svc), parent = script)),
               bridge_answer, fixed = TRUE)
  # calling use_bridge() again changes nothing
  expect_identical(use_bridge(), how)
})

test_that("unuse_bridge() removes every stub it made", {
  skip_if(length(find.package("paws", quiet = TRUE)) > 0, "paws is installed here")
  use_bridge(packages = "paws")
  expect_true("package:paws" %in% search())
  expect_identical(unuse_bridge(), "paws")
  expect_false("package:paws" %in% search())
  expect_false("paws" %in% loadedNamespaces())
  expect_false(requireNamespace("paws", quietly = TRUE))
  expect_error(library(paws), "no package called")
  expect_identical(unuse_bridge(), character())
})

test_that("a stub is a real package in a session library that is not on .libPaths()", {
  skip_if(length(find.package("paws", quiet = TRUE)) > 0, "paws is installed here")
  on.exit(clean_bridge(), add = TRUE)
  libs <- .libPaths()
  use_bridge(packages = "paws", attach = FALSE)
  expect_identical(.libPaths(), libs)
  path <- find.package("paws")
  expect_true(startsWith(normalizePath(path), normalizePath(tempdir())))
  expect_identical(packageVersion("paws"), packageVersion("paws.bridge"))
  expect_setequal(getNamespaceExports("paws"), paws.bridge:::.pb_bridge_exports()$paws)
  # installed once per session: using it again reuses the installed stub
  stamp <- file.mtime(file.path(path, "DESCRIPTION"))
  unuse_bridge()
  use_bridge(packages = "paws", attach = FALSE)
  expect_identical(find.package("paws"), path)
  expect_identical(file.mtime(file.path(path, "DESCRIPTION")), stamp)
})

test_that("attach = FALSE loads the stub without attaching it", {
  skip_if(length(find.package("paws", quiet = TRUE)) > 0, "paws is installed here")
  on.exit(clean_bridge(), add = TRUE)
  use_bridge(packages = "paws", attach = FALSE)
  expect_false("package:paws" %in% search())
  expect_identical(paws::cognitoidentityprovider, paws.bridge::cognitoidentityprovider)
})

test_that("every constructor paws has is exported by paws and by its category package", {
  exports <- paws.bridge:::.pb_bridge_exports()
  categories <- setdiff(names(exports), c("paws", "paws.common"))
  expect_true(all(startsWith(categories, "paws.")))
  constructors <- unlist(paws.bridge:::.pb_paws_packages, use.names = FALSE)
  # 302 living services and 13 retired ones (a clear error when called)
  expect_length(constructors, 315L)
  expect_false(anyDuplicated(constructors) > 0)
  expect_setequal(setdiff(exports$paws, exports$paws.common), constructors)
  expect_true(all(vapply(constructors, exists, NA, envir = asNamespace("paws.bridge"))))
  expect_true("dynamodb" %in% exports$paws.database)
  expect_true("ssm" %in% exports$paws.management)
  expect_true("s3" %in% exports$paws.storage)
  expect_true("cognitoidentityprovider" %in% exports$paws.security.identity)
  expect_false("abusesignalapi" %in% exports$paws)  # not in paws: offered by paws.bridge only
})

test_that("use_bridge() refuses packages it does not know", {
  expect_error(use_bridge(packages = "paws.nonexistent"), "must be among")
  expect_error(use_bridge(attach = NA), "TRUE or FALSE")
})

test_that("the paginate dispatcher sends bridge calls to the bridge, others to paws", {
  bridge <- function(Operation, ...) list("bridge", substitute(Operation))
  original <- function(Operation, ...) list("original", substitute(Operation))
  dispatch <- paws.bridge:::.pb_dispatcher(bridge, original)
  svc <- list(list_items = stand_in_operation(), list_buckets = function() list())
  expect_identical(dispatch(svc$list_items(Token = "x"))[[1]], "bridge")
  expect_identical(dispatch(svc$list_items(Token = "x"))[[2]], quote(svc$list_items(Token = "x")))
  expect_identical(dispatch(svc$list_buckets())[[1]], "original")
  expect_identical(dispatch(do.call(svc$list_items, list()))[[1]], "bridge")
})

# --- an installed paws: bindings replaced in memory, then restored -----------------------

fake_paws_library <- local({
  lib <- NULL
  function() {
    if (!is.null(lib)) return(lib)
    src <- tempfile("fakepaws")
    lib_dir <- tempfile("fakelib")
    dir.create(lib_dir)
    write_pkg <- function(name, imports, namespace, code) {
      dir <- file.path(src, name)
      dir.create(file.path(dir, "R"), recursive = TRUE)
      writeLines(c(paste("Package:", name), "Version: 0.0.1", "Title: Fake",
                   "Description: A stand-in for tests.", "License: MIT",
                   "Authors@R: person('a', 'b', role = c('aut', 'cre'), email = 'a@b.c')",
                   if (length(imports)) paste("Imports:", imports)),
                 file.path(dir, "DESCRIPTION"))
      writeLines(namespace, file.path(dir, "NAMESPACE"))
      writeLines(code, file.path(dir, "R", "code.R"))
      dir
    }
    common <- write_pkg("paws.common", character(), c("export(paginate)"),
                        "paginate <- function(Operation, ...) 'paws.common original'")
    identity <- write_pkg(
      "paws.security.identity", "paws.common",
      c("export(cognitoidentityprovider)", "export(paginate)",
        "importFrom(paws.common, paginate)"),
      "cognitoidentityprovider <- function(config = list()) 'real paws'")
    database <- write_pkg(
      "paws.database", "paws.common",
      c("export(dynamodb)", "export(paginate)", "importFrom(paws.common, paginate)"),
      "dynamodb <- function(config = list()) 'real paws dynamodb'")
    r <- file.path(R.home("bin"), "R")
    for (dir in c(common, identity, database)) {
      out <- system2(r, c("CMD", "INSTALL", "--no-test-load", "-l", shQuote(lib_dir),
                          shQuote(dir)), stdout = TRUE, stderr = TRUE)
      status <- attr(out, "status")
      if (!is.null(status) && status != 0) stop(paste(out, collapse = "\n"))
    }
    lib <<- lib_dir
    lib
  }
})

test_that("with paws installed, its bindings are replaced and restored", {
  lib <- fake_paws_library()
  old <- .libPaths()
  .libPaths(c(lib, old))
  on.exit({
    clean_bridge()
    for (pkg in c("paws.security.identity", "paws.database", "paws.common")) {
      if (pkg %in% loadedNamespaces()) unloadNamespace(pkg)
    }
    .libPaths(old)
  }, add = TRUE)
  real <- paws.security.identity::cognitoidentityprovider
  expect_identical(real(), "real paws")
  library(paws.security.identity, warn.conflicts = FALSE)  # attached before use_bridge(): its copy is replaced too

  how <- use_bridge(packages = c("paws.security.identity", "paws.database", "paws.common"))
  expect_identical(how, c(paws.security.identity = "shim", paws.database = "shim",
                          paws.common = "shim"))
  expect_identical(paws.database::dynamodb, paws.bridge::dynamodb)
  expect_identical(paws.security.identity::cognitoidentityprovider,
                   paws.bridge::cognitoidentityprovider)
  expect_identical(get("cognitoidentityprovider", envir = as.environment(
    "package:paws.security.identity")), paws.bridge::cognitoidentityprovider)
  # paginate: a re-export (an import binding) and the original, both dispatching
  other <- list(list_things = function() list())
  expect_identical(paws.common::paginate(other$list_things()), "paws.common original")
  expect_identical(paws.security.identity::paginate(other$list_things()),
                   "paws.common original")
  svc <- list(list_items = stand_in_operation())
  expect_error(paws.security.identity::paginate(svc$list_items()), bridge_answer, fixed = TRUE)
  expect_error(paws.common::paginate(svc$list_items()), bridge_answer, fixed = TRUE)

  unuse_bridge()
  expect_identical(paws.database::dynamodb(), "real paws dynamodb")
  expect_identical(paws.security.identity::cognitoidentityprovider(), "real paws")
  expect_identical(get("cognitoidentityprovider", envir = as.environment(
    "package:paws.security.identity"))(), "real paws")
  expect_identical(paws.common::paginate(svc$list_items()), "paws.common original")
  detach("package:paws.security.identity")
})
