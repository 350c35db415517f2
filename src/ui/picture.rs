//! Pictures of the dashboard or of one chart, as PNG files for the press and social
//! media: the window's own pixels, cropped to what was asked for.

use eframe::egui::{ColorImage, Rect};

/// Encodes `image` as PNG, cropped to `crop` (in pixels) when given.
pub fn png(image: &ColorImage, crop: Option<Rect>) -> Result<Vec<u8>, String> {
    let [width, height] = image.size;
    let full = Rect::from_min_max(
        eframe::egui::Pos2::ZERO,
        eframe::egui::pos2(width as f32, height as f32),
    );
    let area = crop.map_or(full, |c| c.intersect(full));
    let (x0, y0) = (area.min.x.max(0.0) as usize, area.min.y.max(0.0) as usize);
    let (x1, y1) = (area.max.x.round() as usize, area.max.y.round() as usize);
    if x1 <= x0 || y1 <= y0 {
        return Err("there is nothing to save in that area".into());
    }
    let mut rgba = Vec::with_capacity((x1 - x0) * (y1 - y0) * 4);
    for y in y0..y1 {
        for x in x0..x1 {
            rgba.extend_from_slice(&image.pixels[y * width + x].to_srgba_unmultiplied());
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, (x1 - x0) as u32, (y1 - y0) as u32);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| e.to_string())?;
    writer.write_image_data(&rgba).map_err(|e| e.to_string())?;
    writer.finish().map_err(|e| e.to_string())?;
    Ok(bytes)
}
