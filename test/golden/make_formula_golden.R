# Golden values for formula functions, i() and stepwise estimation, from R fixest 0.12.1.
#
#   R_LIBS_USER=<lib with fixest 0.12.1 and jsonlite> Rscript make_formula_golden.R [outdir]
#
# Reads spatial_panel.csv (this folder; made by make_parity.R) and adds two derived columns, written
# into the JSON (extra_columns) so the tests need not recompute them: k = round(2 * x1) (integers,
# with zeros and negatives, so log(k) has -Inf and NaN rows) and cst = ave(x1, code) (constant
# within a city, so i(year, cst) with city fixed effects has one collinear level). Each case has the
# formula and options as the TypeScript feols() receives them, fixest's coefficient table (estimate,
# se, t, p), nobs, r2, within r2, dof K, t df, the variables fixest removed as collinear, and the
# rows fixest removed for NA and for infinite values (counted by hand; singletons are what is left of
# the difference to fixest's nobs, with fixef.rm = "singleton" as the kit's default) with fixest's note. Stepwise cases hold fixest's names(fixest_multi) and one such record per fit.
suppressMessages({ library(fixest); library(jsonlite) })
stopifnot(as.character(packageVersion("fixest")) == "0.12.1")
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(normalizePath(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])))
out <- if (length(args)) args[1] else here
setFixest_nthreads(1)
d <- read.csv(file.path(here, "spatial_panel.csv"))
d$k <- round(2 * d$x1)
d$cst <- ave(d$x1, d$code)

vc_r <- function(v) {
  if (is.character(v)) return(v)
  as.formula(paste("~", paste(v$cluster, collapse = " + ")))
}
# Rows fixest drops before estimation, by reason: NA (NaN included) first, then infinite values.
removed <- function(formula) {
  f <- as.formula(formula)
  vars <- all.vars(f)
  parts <- strsplit(formula, "|", fixed = TRUE)[[1]]
  exprs <- unlist(lapply(parts, function(p) {
    p <- gsub("~", "+", p)
    trimws(strsplit(gsub("(csw0|csw|sw0|sw)\\(", "(", p), "\\+(?![^(]*\\))", perl = TRUE)[[1]])
  }))
  exprs <- exprs[nzchar(exprs) & exprs != "1"]
  vals <- lapply(exprs, function(e) suppressWarnings(eval(parse(text = e), d)))
  na <- Reduce(`|`, lapply(vals, is.na), rep(FALSE, nrow(d)))
  inf <- Reduce(`|`, lapply(vals, function(v) is.infinite(v)), rep(FALSE, nrow(d)))
  list(missing = sum(na), infinite = sum(inf & !na))
}
describe <- function(m, formula, opts) {
  ct <- coeftable(m)
  coefs <- setNames(lapply(seq_len(nrow(ct)), function(i)
    list(estimate = ct[i, 1], se = ct[i, 2], t = ct[i, 3], p = ct[i, 4])), rownames(ct))
  V <- vcov(m, attr = TRUE)
  r <- removed(formula)
  r$singletons <- nrow(d) - r$missing - r$infinite - nobs(m)   # fixef.rm = "singleton", as the kit's default
  stopifnot(r$singletons >= 0)
  want <- list(coefficients = coefs, nobs = nobs(m), r2 = unname(r2(m, "r2")))
  if (!is.null(m$fixef_vars)) want$r2Within <- unname(r2(m, "wr2"))
  list(formula = formula, want = want, dof_K = attr(V, "dof.K"), t_df = unname(fixest::degrees_freedom(m, "t")),
       collinear = as.list(m$collin.var), dropped = r)
}
notes_of <- function(expr) {
  msgs <- character()
  val <- withCallingHandlers(expr, message = function(c) { msgs <<- c(msgs, trimws(conditionMessage(c))); invokeRestart("muffleMessage") })
  list(value = val, notes = msgs)
}
# fixef.rm = "singleton" is the kit's default; fixest 0.12.1 aborts R on it in a multiple estimation
# whose steps have different samples, so the case sw_csw0_sample uses "perfect" (the kit's singletons: "keep").
rm_rule <- function(opts) if (identical(opts$singletons, "keep")) "perfect" else "singleton"
fit <- function(formula, opts) {
  notes_of(suppressWarnings(feols(as.formula(formula), d, vcov = vc_r(opts$vcov), fixef.rm = rm_rule(opts), fixef.tol = 1e-11, fixef.iter = 100000)))
}
cases <- list()
add <- function(key, formula, opts, note) {
  r <- fit(formula, opts)
  m <- r$value
  call <- sprintf("feols(%s, d, vcov = %s, fixef.rm = \"%s\", fixef.tol = 1e-11)", formula, if (is.character(opts$vcov)) sprintf("\"%s\"", opts$vcov) else paste("~", opts$vcov$cluster), rm_rule(opts))
  if (inherits(m, "fixest_multi")) {
    fits <- lapply(seq_along(m), function(j) {
      mj <- m[[j]]
      describe(mj, paste(deparse(mj$fml_all$linear), collapse = ""), opts)
    })
    # the per-fit formula above lacks the fixed effects; keep fixest's own description of each fit
    for (j in seq_along(m)) fits[[j]]$formula <- NULL
    cases[[key]] <<- list(formula = formula, options = opts, fixest = call, names = names(m), fits = fits,
                          fixest_notes = r$notes, note = note)
  } else {
    cases[[key]] <<- c(list(options = opts, fixest = call), describe(m, formula, opts), list(fixest_notes = r$notes, note = note))
  }
}
cl <- list(cluster = "code")

# ---- formula functions ----
add("fn_fe_cluster", "y ~ log(x1 + 5) + I(x2^2) + sqrt(abs(x2)) + exp(x2/2) + I(x1 * x2) + I(x1/2 - (x2 + 1)^2) | code + year",
    list(vcov = cl), "every function, named as R deparses it (no spaces around / and ^)")
add("fn_nofe_iid", "y ~ I(x1^2) + I(1000 * x2) + exp(-x2) + log(x1 + 10, 2)", list(vcov = "iid"),
    "numbers deparsed (1e3 -> 1000), log with a base, an intercept")
add("fn_lhs_nan", "log(y) ~ x1 + x2 | code + year", list(vcov = "hetero"),
    "log of a negative outcome is NaN: fixest removes those rows as NA values (LHS)")
add("fn_log_zero", "y ~ log(k) + x2 | code + year", list(vcov = cl),
    "k = round(2 x1): log(0) = -Inf rows removed as infinite values, log(k < 0) = NaN rows as NA values")
add("fn_iv", "log(y + 10) ~ x1 | code + year | x2 ~ I(x1^2) + exp(x1/3)", list(vcov = cl),
    "functions in the outcome and the instruments")
add("fn_product", "y ~ x1:log(x2 + 5) + x2 | code + year", list(vcov = cl), "a product with a function")

# ---- i() ----
add("i_factor_fe", "y ~ x2 + i(year) | code", list(vcov = cl), "i(f) alone: the first level dropped")
add("i_factor_nofe", "y ~ i(year) + x1", list(vcov = "iid"), "i(f) with an intercept: the first level dropped")
add("i_var_nofe", "y ~ i(year, x1)", list(vcov = "hetero"), "i(f, v): every level kept")
add("i_ref_multi", "y ~ x2 + i(year, x1, ref = c(2010, 2015)) | code", list(vcov = cl), "two reference levels")
add("i_factor_ref", "y ~ i(year, ref = 2012) + x1", list(vcov = "iid"), "i(f, ref = r): only r dropped")
add("i_collinear", "y ~ x1 + i(year, cst) | code", list(vcov = cl),
    "cst constant within city: the last level is removed as collinear")

# ---- stepwise ----
add("sw_csw0_fe", "y ~ x2 + csw0(x1, I(x1^2)) | code + year", list(vcov = cl), "csw0 after a fixed regressor")
add("sw_sw_nofe", "y ~ sw(x1, x2)", list(vcov = "iid"), "sw: one at a time")
add("sw_sw0_hetero", "y ~ sw0(x1, x2)", list(vcov = "hetero"), "sw0: none, then one at a time")
add("sw_csw_fe_sw0", "y ~ csw(x1, x2) | sw0(code, year)", list(vcov = "iid"), "stepwise fixed effects: fixed effects vary slowest")
add("sw_csw0_sample", "y ~ x2 + csw0(x1, log(k)) | code + year", list(vcov = cl, singletons = "keep"),
    "each step has its own sample: only the log(k) step loses the NaN and -Inf rows")
add("sw_csw_multi", "y ~ csw(x1 + x2, I(x2^2)) | code", list(vcov = cl), "an argument with two terms")

json <- list(meta = list(source = "R fixest 0.12.1 (make_formula_golden.R in this folder)", fixest = "0.12.1",
                         R = R.version.string, data = "spatial_panel.csv with k = round(2 * x1), cst = ave(x1, code)",
                         fixef_tol = 1e-11),
             extra_columns = list(k = d$k, cst = d$cst), cases = cases)
writeLines(toJSON(json, auto_unbox = TRUE, digits = NA, pretty = TRUE, null = "null"), file.path(out, "formula_r.json"))
cat("wrote", file.path(out, "formula_r.json"), "with", length(cases), "cases\n")
