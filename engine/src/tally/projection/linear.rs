//! Small dense linear algebra for the projection's fits: `K`×`K` systems solved by
//! Cholesky, written as the formulas are (indices read better than iterators).
#![allow(clippy::needless_range_loop)]

use super::model::K;

pub(super) fn dot(a: &[f64; K], b: &[f64; K]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Solves `A x = v` for a symmetric positive definite `A` by Cholesky; the factor
/// is returned too. None where `A` is not positive definite.
pub(super) fn cholesky(a: &[[f64; K]; K]) -> Option<[[f64; K]; K]> {
    let mut l = [[0.0; K]; K];
    for i in 0..K {
        for j in 0..=i {
            let mut sum = a[i][j];
            for k in 0..j {
                sum -= l[i][k] * l[j][k];
            }
            if i == j {
                if sum <= 1e-15 {
                    return None;
                }
                l[i][j] = sum.sqrt();
            } else {
                l[i][j] = sum / l[j][j];
            }
        }
    }
    Some(l)
}

pub(super) fn solve(l: &[[f64; K]; K], v: &[f64; K]) -> [f64; K] {
    let mut y = [0.0; K];
    for i in 0..K {
        let mut sum = v[i];
        for k in 0..i {
            sum -= l[i][k] * y[k];
        }
        y[i] = sum / l[i][i];
    }
    let mut x = [0.0; K];
    for i in (0..K).rev() {
        let mut sum = y[i];
        for k in i + 1..K {
            sum -= l[k][i] * x[k];
        }
        x[i] = sum / l[i][i];
    }
    x
}

/// The inverse of `A` from its Cholesky factor.
pub(super) fn inverse(l: &[[f64; K]; K]) -> [[f64; K]; K] {
    let mut inv = [[0.0; K]; K];
    for j in 0..K {
        let mut e = [0.0; K];
        e[j] = 1.0;
        let col = solve(l, &e);
        for i in 0..K {
            inv[i][j] = col[i];
        }
    }
    inv
}
