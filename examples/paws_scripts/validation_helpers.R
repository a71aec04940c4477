# Input checks of a sign-up form before anything is sent, in base R: regular expressions
# (POSIX classes, perl = TRUE, fixed = TRUE, ignore.case), coercions from form text,
# messages built with sprintf/paste/glue, settings from the environment, on.exit clean-up
# and warnings caught as conditions.
library(paws)
library(glue)

svc <- paws::cognitoidentityprovider(config = list(
  endpoint = Sys.getenv("PAWS_BRIDGE_ENDPOINT"),
  region = Sys.getenv("AWS_REGION", "us-east-1")
))
client_id <- Sys.getenv("COGNITO_CLIENT_ID")

Sys.setenv(SIGNUP_MIN_AGE = 18)
min_age <- as.numeric(Sys.getenv("SIGNUP_MIN_AGE"))

valid_username <- function(x) grepl("^[[:alnum:]._-]{3,20}$", x)
valid_email <- function(x) grepl("^[^@[:space:]]+@[^@[:space:]]+\\.[a-z]{2,}$", x, ignore.case = TRUE)
strong_password <- function(x) {
  grepl("[[:upper:]]", x) && grepl("[[:digit:]]", x) && grepl("(?=.*[!#%&*+-])", x, perl = TRUE)
}

check_form <- function(form) {
  problems <- c()
  if (!valid_username(form$username)) problems <- c(problems, "username")
  if (!valid_email(form$email)) problems <- c(problems, "email")
  if (!strong_password(form$password)) problems <- c(problems, "password")
  age <- suppressWarnings(as.numeric(form$age))
  if (is.na(age) || age < min_age) problems <- c(problems, "age")
  if (!isTRUE(as.logical(form$terms))) problems <- c(problems, "terms")
  problems
}

clean_name <- function(x) {
  x <- trimws(x)
  x <- gsub("[[:space:]]+", " ", x)
  x <- paste0(toupper(substr(x, 1, 1)), substring(x, 2))
  gsub(".", "_", x, fixed = TRUE)
}

submit <- function(form) {
  on.exit(message("submit finished for ", form$username))
  problems <- check_form(form)
  if (length(problems) > 0) {
    return(sprintf("%d problem(s): %s", length(problems), paste(problems, collapse = ", ")))
  }
  svc$sign_up(ClientId = client_id, Username = form$username, Password = form$password,
              UserAttributes = list(list(Name = "email", Value = form$email)))
  glue("Welcome {form$username}, check {form$email} ({nchar(form$username)} chars)")
}

parse_limit <- function(text) {
  tryCatch(as.integer(text), warning = function(w) paste("not a number:", conditionMessage(w)))
}

good_form <- list(username = "rita.k", email = "Rita@Example.COM", password = "Str0ng!Pass",
                  age = " 34 ", terms = "TRUE")
bad_form <- list(username = "r!", email = "rita@@x", password = "weak", age = "twelve",
                 terms = "yes")

result <- list(
  min_age = min_age,
  good = submit(good_form),
  bad = submit(bad_form),
  unicode_name = valid_username("J\u00f6rg"),
  trailing_newline = valid_username("rita\n"),
  clean = clean_name("  mary   ann.lee "),
  limit_ok = parse_limit("25"),
  limit_bad = parse_limit("lots"),
  pieces = strsplit("a,b,,c,", ",")[[1]],
  logicals = c(as.logical("T"), as.logical("false"), is.na(as.logical("yes"))),
  number_text = paste("total", 1e5, "users;", 0.1 + 0.2, "each;", TRUE),
  name_length = nchar(12345)
)
