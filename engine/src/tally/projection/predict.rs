//! One undeclared division's shares, central or in one run (steps 1 to 3 of the
//! method in `projection.rs`), and its winners from them (step 4).

use super::*;

/// Mean declared shares by party, over all declared divisions and per area.
pub(super) struct Means {
    overall: Vec<f64>,
    by_block: std::collections::HashMap<usize, Vec<f64>>,
    /// The shares declared in each area's divisions, and in all: a division with
    /// no baseline takes, in a run, the shares of one of them.
    declared_by_block: std::collections::HashMap<usize, Vec<Vec<(PartyIx, f64)>>>,
    declared: Vec<Vec<(PartyIx, f64)>>,
}

pub(super) fn means(divs: &[Div], parties: usize) -> Means {
    let mut overall = (vec![0.0; parties], 0.0);
    let mut by_block: std::collections::HashMap<usize, (Vec<f64>, f64)> = Default::default();
    let mut declared_by_block: std::collections::HashMap<usize, Vec<Vec<(PartyIx, f64)>>> =
        Default::default();
    let mut declared = Vec::new();
    for d in divs {
        let Some(now) = &d.now else { continue };
        declared_by_block
            .entry(d.block)
            .or_default()
            .push(now.clone());
        declared.push(now.clone());
        let block = by_block
            .entry(d.block)
            .or_insert_with(|| (vec![0.0; parties], 0.0));
        for &(p, s) in now {
            overall.0[p.index()] += d.weight * s;
            block.0[p.index()] += d.weight * s;
        }
        overall.1 += d.weight;
        block.1 += d.weight;
    }
    let scale = |(v, w): (Vec<f64>, f64)| {
        v.into_iter()
            .map(|x| if w > 0.0 { x / w } else { 0.0 })
            .collect()
    };
    Means {
        overall: scale(overall),
        by_block: by_block.into_iter().map(|(k, v)| (k, scale(v))).collect(),
        declared_by_block,
        declared,
    }
}

/// The shares of an undeclared division (steps 1 to 3): central (no draw), or in one
/// run of the simulation.
pub(super) fn predict(
    i: usize,
    d: &Div,
    model: &Model,
    means: &Means,
    mut draw: Option<(&Draw, &mut dyn FnMut() -> f64)>,
) -> Vec<(PartyIx, f64)> {
    let mut shares: Vec<(PartyIx, f64)> = Vec::with_capacity(d.standing.len());
    match &d.then {
        Some(then) => {
            let mut new_total = 0.0;
            let mut old = Vec::new();
            let donor = match draw.as_mut() {
                Some((_, normal)) => model.pick_donor(then, *normal),
                None => None,
            };
            for &(p, _) in &d.standing {
                let x = model::features(then, p, &model.majors);
                let change = match draw.as_mut() {
                    Some((drawn, normal)) => model.drawn_change(drawn, i, p, &x, donor, *normal),
                    None => model.change(i, p, &x),
                };
                let is_new = x[4] > 0.0;
                let s = match (change, is_new) {
                    (Some(change), _) => x[1] + change,
                    // Nothing declared yet where the party stands: where it stood
                    // last time, its share then, with a wide spread (a run may halve
                    // or double it); where it is new, its mean share tonight.
                    (None, false) => match draw.as_mut() {
                        Some((drawn, normal)) => {
                            let common = drawn.unseen_ratio.get(p.index()).copied().unwrap_or(0.0);
                            let own = UNSEEN_OWN_SPREAD * normal();
                            x[1] * (UNSEEN_RATIO_SPREAD * common + own).exp()
                        }
                        None => x[1],
                    },
                    (None, true) => {
                        let m = means.overall.get(p.index()).copied().unwrap_or(0.0);
                        match draw.as_mut() {
                            Some((_, normal)) => m + m.max(NEW_SPREAD) * normal(),
                            None => m,
                        }
                    }
                };
                let s = s.max(0.0);
                if is_new {
                    new_total += s;
                    shares.push((p, s));
                } else {
                    old.push((p, s));
                }
            }
            // The parties standing before fill what new ones leave: scaled only then,
            // so that a party's share is its baseline moved by its own change alone.
            let old_total: f64 = old.iter().map(|s| s.1).sum();
            let scale = if new_total > 0.0 && old_total > 0.0 {
                (1.0 - new_total).max(0.0) / old_total
            } else {
                1.0
            };
            for (p, s) in old {
                shares.push((p, s * scale));
            }
        }
        None => {
            let mean = means.by_block.get(&d.block).unwrap_or(&means.overall);
            // In a run: the shares of a division declared in the same area (else
            // anywhere), for the parties that stood there, so that a division
            // without a baseline is as varied as its neighbours.
            let like = draw.as_mut().and_then(|(_, normal)| {
                let pool = means
                    .declared_by_block
                    .get(&d.block)
                    .filter(|l| l.len() >= 3)
                    .unwrap_or(&means.declared);
                let u = 1.0 / (1.0 + (-1.702 * normal()).exp());
                pool.get(((u * pool.len() as f64) as usize).min(pool.len().saturating_sub(1)))
            });
            for &(p, _) in &d.standing {
                let m = mean.get(p.index()).copied().unwrap_or(0.0);
                let m = if m > 0.0 {
                    m
                } else {
                    means.overall.get(p.index()).copied().unwrap_or(0.0)
                };
                let m = like.and_then(|l| share_of(l, p)).unwrap_or(m);
                let m = match draw.as_mut() {
                    Some((_, normal)) => (m + NO_BASELINE_SPREAD * normal()).max(0.0),
                    None => m,
                };
                shares.push((p, m));
            }
            normalise(&mut shares);
        }
    }
    shares
}

/// The winners of a division from its parties' shares (step 4).
pub(super) fn allocate(d: &Div, shares: &[(PartyIx, f64)], gap: f64) -> Vec<PartyIx> {
    let mut places: Vec<(f64, PartyIx)> = Vec::new();
    for &(p, n) in &d.standing {
        let s = share_of(shares, p).unwrap_or(0.0);
        for j in 0..n.min(d.seats) {
            places.push((s - f64::from(j) * gap, p));
        }
    }
    places.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    places
        .into_iter()
        .take(d.seats as usize)
        .map(|x| x.1)
        .collect()
}
