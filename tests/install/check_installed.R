# Run by scripts/install_check.sh in a fresh R process whose library holds only what was just
# installed from a git clone and whose virtualenv install_paws_bridge() just made: the help
# pages, a call against the local endpoint started from that virtualenv's Python, to_frame(),
# batch_call(), pagination and use_bridge(). Prints one "ok: ..." line per check; any failure stops
# with a non-zero exit status.

ok <- function(what) cat("ok:", what, "\n")
check <- function(cond, what) if (isTRUE(cond)) ok(what) else stop("FAILED: ", what, call. = FALSE)

library(paws.bridge)
check(!"reticulate" %in% loadedNamespaces(), "library(paws.bridge) loads no reticulate")

topics <- c("cognitoidentityprovider", "cognitoidentityprovider_resend_confirmation_code",
            "cognitoidentityprovider_list_users", "install_paws_bridge", "to_frame", "batch_call")
found <- vapply(topics, function(t) length(utils::help(t, package = "paws.bridge")) == 1L, NA)
check(all(found), paste("help pages of", paste(topics, collapse = ", ")))
n_pages <- length(tools::Rd_db("paws.bridge"))
check(n_pages > 150L, sprintf("%d help pages installed", n_pages))

child <- paws.bridge:::.pb_spawn_python(c("-m", "paws_bridge.local", "--resend-limit", "0"))
stopper <- new.env()
invisible(reg.finalizer(stopper, function(e) paws.bridge:::.pb_stop_process(child), onexit = TRUE))
url <- paws.bridge:::.pb_child_first_line(child, timeout = 120)
check(grepl("^http://127\\.0\\.0\\.1:", url), paste("local endpoint from the virtualenv:", url))

svc <- cognitoidentityprovider(config = config(
  credentials(creds("test", "test")), region = "us-east-1", endpoint = url))
pool <- svc$create_user_pool(PoolName = "install-check", AutoVerifiedAttributes = "email")$UserPool$Id
client <- svc$create_user_pool_client(UserPoolId = pool, ClientName = "app")$UserPoolClient$ClientId
users <- sprintf("user%02d", 1:12)
for (u in users) {
  svc$sign_up(ClientId = client, Username = u, Password = "Passw0rd!!",
              UserAttributes = list(list(Name = "email", Value = paste0(u, "@example.com"))))
}
res <- svc$resend_confirmation_code(ClientId = client, Username = "user01")
check(is.character(res$CodeDeliveryDetails$DeliveryMedium), "a call returns paws's value")

err <- tryCatch(svc$admin_get_user(UserPoolId = pool, Username = "nobody"), error = identity)
check(inherits(err, c("UserNotFoundException", "paws_error")), "errors are paws conditions")

frame <- to_frame(svc$list_users(UserPoolId = pool))
check(is.data.frame(frame) && nrow(frame) == 12L, "to_frame() gives a data.frame of 12 users")

pages <- paginate(svc$list_users(UserPoolId = pool, Limit = 5))
check(length(pages) == 3L, "paginate() follows the tokens (3 pages of <= 5)")

out <- batch_call(svc$admin_confirm_sign_up, data.frame(Username = users), UserPoolId = pool)
check(is.data.frame(out) && all(out$status == "ok"), "batch_call() confirms every row")

how <- use_bridge()
check(all(how %in% c("stub", "shim")), paste("use_bridge():", paste(names(how), how, collapse = ", ")))
paws_svc <- paws::cognitoidentityprovider(config = list(
  credentials = list(creds = list(access_key_id = "test", secret_access_key = "test")),
  region = "us-east-1", endpoint = url))
n <- length(paws_svc$list_users(UserPoolId = pool)$Users)
check(n == 12L, "an unmodified paws call runs on the bridge after use_bridge()")
unuse_bridge()
cat("install check passed\n")
