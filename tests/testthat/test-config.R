# config(), credentials(), creds(): the same lists as paws.common 0.8.10's helpers (whose
# generated definitions build `as.list(environment())` with class "struct").

paws_creds <- structure(list(
  access_key_id = "", secret_access_key = "", session_token = "", access_token = "",
  expiration = Inf), class = "struct")

test_that("creds() is paws.common's creds()", {
  expect_identical(creds(), paws_creds)
  given <- paws_creds
  given$access_key_id <- "AKID"
  given$secret_access_key <- "SECRET"
  expect_identical(creds("AKID", "SECRET"), given)
  expect_identical(names(formals(creds)),
                   c("access_key_id", "secret_access_key", "session_token", "access_token",
                     "expiration"))
})

test_that("credentials() is paws.common's credentials()", {
  expected <- structure(list(creds = unclass(paws_creds), profile = "", anonymous = FALSE),
                        class = "struct")
  expect_identical(credentials(), expected)
  nested <- credentials(creds("a", "b"), profile = "dev")
  expect_s3_class(nested$creds, "struct")
  expect_identical(nested$creds$access_key_id, "a")
  expect_identical(nested$profile, "dev")
  expect_identical(credentials(anonymous = TRUE)$anonymous, TRUE)
})

test_that("config() is paws.common's config(), without client_secret unless given", {
  expected <- structure(list(
    credentials = list(creds = unclass(paws_creds), profile = "", anonymous = FALSE),
    endpoint = "", region = "", close_connection = FALSE, max_retries = 3,
    connect_timeout = 60, s3_force_path_style = FALSE, sts_regional_endpoint = "",
    signature_version = ""), class = "struct")
  expect_identical(config(), expected)
  cfg <- config(credentials(creds("dummy", "secret")), region = "eu-west-1")
  expect_identical(cfg$credentials$creds$secret_access_key, "secret")
  expect_identical(cfg$region, "eu-west-1")
  expect_false("client_secret" %in% names(cfg))
  expect_identical(names(formals(config)), c(names(expected), "client_secret"))
})

test_that("config(client_secret =) adds our extension key last", {
  cfg <- config(region = "eu-west-1", client_secret = "s3cr3t")
  expect_identical(names(cfg)[length(cfg)], "client_secret")
  expect_identical(cfg$client_secret, "s3cr3t")
  expect_error(config(client_secret = c("a", "b")), "`client_secret` must be a single")
  expect_error(config(client_secret = ""), "`client_secret` must be a single")
  expect_error(config(client_secret = NA_character_), "`client_secret`")
})

test_that("unknown names fail as in paws (R's own unused-argument error)", {
  expect_error(config(timeout = 5), "unused argument \\(timeout = 5\\)")
  expect_error(credentials(token = "x"), "unused argument")
  expect_error(creds(key = "x"), "unused argument")
})
