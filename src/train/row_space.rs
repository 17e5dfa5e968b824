//! Full-width logistic regression through the row space: when a topic's classifier may use
//! every column and there are fewer rows than columns, linfa fits on an `n × n` matrix
//! instead of `n × d`, with the same optimum.
//!
//! The weights of L2-regularised logistic regression lie in the span of the training rows
//! (representer theorem). With the Gram matrix `K = X Xᵀ = L Lᵀ` (Cholesky), `X = L Qᵀ` where
//! `Q = Xᵀ L⁻ᵀ` has orthonormal columns: row `i` of `L` is training row `i` written in an
//! orthonormal basis of the rows' span. Fitting on `L` with coefficients `c` gives the logits
//! `L c = X (Q c)` and the penalty `‖c‖² = ‖Q c‖²`, so every objective value, gradient and
//! L-BFGS step is that of the full-width problem at `w = Q c` (L-BFGS is invariant under an
//! orthonormal change of variables); back in vocabulary columns, `w = Xᵀ a` with `a = L⁻ᵀ c`.
//! The Gram matrix gets `ε = 1e-9 × mean(diag K)` on its diagonal so that duplicate rows keep it
//! positive definite (as if each row had a private feature of that weight; the rows' real
//! directions are unchanged).
//!
//! Cost: the Gram matrix is `n²/2` sparse dot products, the factorisation `n³/3`
//! multiply-adds (blocked; the trailing updates run through `matrixmultiply`, as ndarray's
//! products do, on both cores). Memory: `L` in f64, `8 n²` bytes: the Gram matrix is factored
//! in place and then transposed in place into the column-major layout linfa reads.

use crate::features::SparseVec;
use ndarray::{linalg::general_mat_mul, Array2, ArrayView2, ArrayViewMut2, ShapeBuilder};
use rayon::prelude::*;

/// Rows per block of the factorisation.
const BLOCK: usize = 128;

/// The training rows of one fold in an orthonormal basis of their span.
pub(super) struct RowSpace {
    /// The rows factored, in order (indices into the training items).
    pub(super) rows: Vec<usize>,
    /// `L` (zeros above the diagonal) as linfa's input: column-major (linfa's gradient runs along columns), in f64: the
    /// rows of `L` are not normalised as TF-IDF rows are, and in f32 argmin's line search
    /// (which has no iteration cap inside linfa's L-BFGS) was seen to loop without end on
    /// them.
    pub(super) z: Array2<f64>,
}

impl RowSpace {
    /// Memory a factorisation of `n` rows takes: `L` in f64.
    pub(super) fn bytes_for(n: usize) -> u64 {
        8 * (n as u64) * (n as u64)
    }

    /// Factor the rows `rows` of `x` (none of them empty).
    pub(super) fn new(x: &[SparseVec], rows: Vec<usize>, n_features: usize) -> RowSpace {
        let n = rows.len();
        let mut l = gram(x, &rows, n_features);
        let mean_diag = (0..n).map(|i| l[i * n + i]).sum::<f64>() / n.max(1) as f64;
        let eps = 1e-9 * mean_diag.max(1e-3);
        for i in 0..n {
            l[i * n + i] += eps;
        }
        cholesky(&mut l, n, eps);
        // Row-major Lᵀ is column-major L: move the lower triangle above the diagonal and
        // clear what was left below it.
        for i in 0..n {
            for j in 0..i {
                l[j * n + i] = l[i * n + j];
                l[i * n + j] = 0.0;
            }
        }
        let z = Array2::from_shape_vec((n, n).f(), l).expect("n × n values");
        RowSpace { rows, z }
    }

    /// The vocabulary weights `w = Xᵀ L⁻ᵀ c` of coefficients `c` fitted on [`RowSpace::z`]:
    /// `(column, weight)` for every column with a weight, sorted by column.
    pub(super) fn weights(&self, x: &[SparseVec], c: &[f64], n_features: usize) -> Vec<(u32, f64)> {
        let n = self.rows.len();
        let l = self
            .z
            .as_slice_memory_order()
            .expect("a standard column-major array");
        // Lᵀ a = c, by columns of L (contiguous): a_k = (c_k - Σ_{i>k} L_ik a_i) / L_kk.
        let mut a = vec![0f64; n];
        for k in (0..n).rev() {
            let col = &l[k * n..(k + 1) * n];
            a[k] = (c[k] - dot(&col[k + 1..], &a[k + 1..])) / col[k];
        }
        let mut w = vec![0f64; n_features];
        for (&row, &ai) in self.rows.iter().zip(&a) {
            for (col, v) in x[row].iter() {
                w[col as usize] += ai * f64::from(v);
            }
        }
        w.into_iter()
            .enumerate()
            .filter(|&(_, v)| v != 0.0)
            .map(|(col, v)| (col as u32, v))
            .collect()
    }
}

/// The lower triangle of `K = X Xᵀ` over `rows`, row-major `n × n`, in f64.
fn gram(x: &[SparseVec], rows: &[usize], n_features: usize) -> Vec<f64> {
    let n = rows.len();
    let mut k = vec![0f64; n * n];
    if n == 0 {
        return k;
    }
    k.par_chunks_mut(n).enumerate().for_each_init(
        || vec![0f64; n_features],
        |dense, (i, out)| {
            let xi = &x[rows[i]];
            for (c, v) in xi.iter() {
                dense[c as usize] = f64::from(v);
            }
            for (j, o) in out[..=i].iter_mut().enumerate() {
                *o = x[rows[j]]
                    .iter()
                    .map(|(c, v)| dense[c as usize] * f64::from(v))
                    .sum();
            }
            for &c in &xi.indices {
                dense[c as usize] = 0.0;
            }
        },
    );
    k
}

/// `Σ a_i b_i` with independent partial sums (so the compiler can vectorise it).
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for t in 0..4 {
            acc[t] += x[t] * y[t];
        }
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// In-place Cholesky factorisation `A = L Lᵀ` of the symmetric matrix whose lower triangle is
/// in `a` (row-major `n × n`): blocked, right-looking. A pivot that rounding leaves at or below
/// zero is set to `floor` (the jitter already on the diagonal), never a NaN.
fn cholesky(a: &mut [f64], n: usize, floor: f64) {
    for k0 in (0..n).step_by(BLOCK) {
        let k1 = (k0 + BLOCK).min(n);
        // 1. The diagonal block (earlier blocks' contributions already subtracted).
        for j in k0..k1 {
            let d = {
                let rj = &a[j * n + k0..j * n + j];
                a[j * n + j] - dot(rj, rj)
            };
            let ljj = d.max(floor).sqrt();
            a[j * n + j] = ljj;
            for i in j + 1..k1 {
                let s = dot(&a[i * n + k0..i * n + j], &a[j * n + k0..j * n + j]);
                a[i * n + j] = (a[i * n + j] - s) / ljj;
            }
        }
        if k1 == n {
            break;
        }
        // 2. The panel below it: each row solved against the diagonal block.
        let (head, tail) = a.split_at_mut(k1 * n);
        let head = &*head;
        tail.par_chunks_mut(n).for_each(|row| {
            for j in k0..k1 {
                let s = dot(&row[k0..j], &head[j * n + k0..j * n + j]);
                row[j] = (row[j] - s) / head[j * n + j];
            }
        });
        // 3. The trailing matrix: A22 -= P Pᵀ (lower triangle, by blocks of rows), P the panel.
        let m = n - k1;
        let width = k1 - k0;
        let panel = Array2::from_shape_fn((m, width), |(i, j)| tail[i * n + k0 + j]);
        tail.par_chunks_mut(BLOCK * n)
            .enumerate()
            .for_each(|(b, rows)| {
                let r0 = b * BLOCK;
                let nr = rows.len() / n;
                let mut c = ArrayViewMut2::from_shape((nr, n), rows).expect("rows of n");
                let mut c = c.slice_mut(ndarray::s![.., k1..k1 + r0 + nr]);
                let p_rows: ArrayView2<f64> = panel.slice(ndarray::s![r0..r0 + nr, ..]);
                let p_cols = panel.slice(ndarray::s![..r0 + nr, ..]);
                general_mat_mul(-1.0, &p_rows, &p_cols.t(), 1.0, &mut c);
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small pseudo-random SPD matrix: B Bᵀ + I.
    fn spd(n: usize, seed: u64) -> Vec<f64> {
        let mut s = seed;
        let mut next = || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (s % 2001) as f64 / 1000.0 - 1.0
        };
        let b: Vec<f64> = (0..n * n).map(|_| next()).collect();
        let mut a = vec![0f64; n * n];
        for i in 0..n {
            for j in 0..n {
                a[i * n + j] = dot(&b[i * n..i * n + n], &b[j * n..j * n + n]);
            }
            a[i * n + i] += 1.0;
        }
        a
    }

    /// The blocked factorisation reproduces the matrix, across block edges.
    #[test]
    fn cholesky_reproduces_the_matrix() {
        for n in [1, 3, BLOCK - 1, BLOCK, BLOCK + 5, 2 * BLOCK + 37] {
            let a = spd(n, n as u64 + 1);
            let mut l = a.clone();
            cholesky(&mut l, n, 1e-12);
            for i in 0..n {
                for j in 0..=i {
                    let s = dot(&l[i * n..i * n + j + 1], &l[j * n..j * n + j + 1]);
                    let want = a[i * n + j];
                    assert!(
                        (s - want).abs() < 1e-9 * want.abs().max(1.0),
                        "n {n} ({i},{j})"
                    );
                }
            }
        }
    }

    fn sv(pairs: &[(u32, f32)]) -> SparseVec {
        SparseVec {
            indices: pairs.iter().map(|p| p.0).collect(),
            values: pairs.iter().map(|p| p.1).collect(),
        }
    }

    /// `w = Q c` maps logits exactly: `X w = L c`, with `‖w‖ = ‖c‖`, duplicates included.
    #[test]
    fn weights_give_the_same_logits_and_norm() {
        let x = vec![
            sv(&[(0, 0.6), (3, 0.8)]),
            sv(&[(1, 1.0)]),
            sv(&[(0, 0.6), (3, 0.8)]), // a duplicate of row 0
            sv(&[(2, 0.5), (3, 0.5), (5, 0.7)]),
            sv(&[(4, 1.0)]),
        ];
        let rows: Vec<usize> = (0..x.len()).collect();
        let space = RowSpace::new(&x, rows.clone(), 6);
        let c = [0.3, -1.2, 0.0, 2.0, 0.7];
        let w = space.weights(&x, &c, 6);
        let n = rows.len();
        for (i, &r) in rows.iter().enumerate() {
            let via_w: f64 = x[r]
                .iter()
                .map(|(col, v)| {
                    w.iter()
                        .find(|e| e.0 == col)
                        .map_or(0.0, |e| e.1 * f64::from(v))
                })
                .sum();
            let via_l: f64 = (0..n).map(|j| space.z[[i, j]] * c[j]).sum();
            assert!((via_w - via_l).abs() < 1e-6, "row {i}: {via_w} vs {via_l}");
        }
        let norm_w: f64 = w.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
        let norm_c: f64 = c.iter().map(|v| v * v).sum::<f64>().sqrt();
        assert!((norm_w - norm_c).abs() < 1e-4, "{norm_w} vs {norm_c}");
    }
}
