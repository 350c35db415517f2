//! The sample election built into the app, so that a first start can rehearse a real
//! night in one click, from any folder.

/// Lancashire County Council 2025: divisions and candidates, every vote blank.
pub const LANCASHIRE_REHEARSAL: &str =
    include_str!("../../sample_data/lancashire-2025-rehearsal.csv");

/// Lancashire County Council 2021, the baseline for change and gain / hold.
pub const LANCASHIRE_BASELINE: &str = include_str!("../../sample_data/lancashire-2021.csv");

/// Lancashire County Council 2025, the real result.
pub const LANCASHIRE_RESULTS: &str = include_str!("../../sample_data/lancashire-2025.csv");

/// The 82 divisions' boundaries (ONS, May 2025), for the rehearsal's results map.
pub const LANCASHIRE_BOUNDARIES: &str =
    include_str!("../../sample_data/lancashire-2025-divisions.geojson");
