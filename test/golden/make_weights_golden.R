# Golden values for regression weights beyond fixest_parity.json (issue 15, part B): weighted OLS without
# fixed effects and with one, and weighted 2SLS, from R fixest 0.12.1 on spatial_panel.csv.
#   R_LIBS_USER=/work/rlib Rscript test/golden/make_weights_golden.R   (writes weights_golden.json beside it)
suppressPackageStartupMessages({ library(fixest); library(jsonlite) })
args <- commandArgs(trailingOnly = FALSE)
file_arg <- sub("^--file=", "", args[grep("^--file=", args)])
here <- if (length(file_arg) == 1) dirname(normalizePath(file_arg)) else "test/golden"
d <- read.csv(file.path(here, "spatial_panel.csv"))
one <- function(formula, options, call) {
  fit <- eval(call)
  ct <- coeftable(fit)
  coefs <- list()
  for (k in rownames(ct)) coefs[[k]] <- list(estimate = ct[k, 1], se = ct[k, 2], t = ct[k, 3], p = ct[k, 4])
  list(formula = formula, options = options, fixest = paste(deparse(call), collapse = " "),
       want = list(coefficients = coefs, nobs = nobs(fit), r2 = unname(r2(fit, "r2"))))
}
cases <- list(
  w_nofe_hetero = one("y ~ x1 + x2", list(weights = "w", vcov = "hetero"),
    quote(feols(y ~ x1 + x2, d, weights = ~w, vcov = "hetero"))),
  w_oneway_cluster = one("y ~ x1 + x2 | code", list(weights = "wz", vcov = list(cluster = "code")),
    quote(feols(y ~ x1 + x2 | code, d, weights = ~wz, vcov = ~code, fixef.tol = 1e-11))),
  w_iv_twoway_cluster = one("y ~ x2 | code + year | x1 ~ lat:x2", list(weights = "w", vcov = list(cluster = "code")),
    quote(feols(y ~ x2 | code + year | x1 ~ lat:x2, d, weights = ~w, vcov = ~code, fixef.tol = 1e-11))),
  w_iv_nofe_iid = one("y ~ x2 | x1 ~ lat", list(weights = "wz", vcov = "iid"),
    quote(feols(y ~ x2 | x1 ~ lat, d, weights = ~wz, vcov = "iid")))
)
meta <- list(source = "R fixest (make_weights_golden.R in this folder)", fixest = as.character(packageVersion("fixest")),
             R = R.version.string, data = "spatial_panel.csv (see README-parity.md)")
writeLines(toJSON(list(meta = meta, cases = cases), auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "weights_golden.json"))
cat("Wrote", file.path(here, "weights_golden.json"), "\n")
