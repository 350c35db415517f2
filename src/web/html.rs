//! The pieces every page is made of: text made safe for HTML, the page template a
//! council may replace, and the stylesheet shipped with the site.

/// The page template: a council may give its own (`publish --template`), with its
/// header, font and colours. Each `{{name}}` is filled in: `lang`, `title`, `root`
/// (the way back to the site's top folder, so that links stay relative), `head`
/// (the page's own links: its JSON and the feed), `main` and `footer`, and the words of
/// the template itself: `site_name` and `skip_link` (in Welsh too where asked).
pub const DEFAULT_TEMPLATE: &str = include_str!("template.html");

/// The stylesheet written beside the pages as `style.css` (`publish --stylesheet`
/// replaces it).
pub const DEFAULT_STYLESHEET: &str = include_str!("style.css");

/// The placeholders a template must hold for the pages to make sense.
pub const REQUIRED: [&str; 5] = [
    "{{lang}}",
    "{{title}}",
    "{{main}}",
    "{{root}}",
    "{{footer}}",
];

/// Text as HTML (and XML): `<`, `>`, `&` and quotes escaped, so it is also fit for
/// attribute values; control characters, which XML cannot hold at all (a reason typed
/// with a stray one would make the feed unreadable), become spaces.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The parts of one page, before the template.
pub struct Page<'a> {
    pub lang: &'a str,
    pub title: String,
    pub root: &'a str,
    pub head: String,
    pub main: String,
    pub footer: String,
    pub site_name: String,
    pub skip_link: String,
}

/// Fills `template` with `page`. Each placeholder is replaced once, in one pass, so
/// that text of the night that happens to read `{{main}}` stays text.
pub fn fill(template: &str, page: &Page) -> String {
    let mut out = String::with_capacity(template.len() + page.main.len() + 512);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let value = match &after[..end] {
            "lang" => page.lang.to_string(),
            "title" => escape(&page.title),
            "root" => page.root.to_string(),
            "head" => page.head.clone(),
            "main" => page.main.clone(),
            "footer" => page.footer.clone(),
            "site_name" => page.site_name.clone(),
            "skip_link" => page.skip_link.clone(),
            other => format!("{{{{{other}}}}}"),
        };
        out.push_str(&value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Says what a template given by the user lacks, if anything.
pub fn check_template(template: &str) -> Result<(), String> {
    let missing: Vec<&str> = REQUIRED
        .iter()
        .copied()
        .filter(|p| !template.contains(p))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "the template has no {}: every page needs its language, title, content, footer \
             (the night's fingerprint) and the way back to the site's folder (see docs/web.md)",
            missing.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_cannot_break_the_feed() {
        assert_eq!(escape("typo\u{1}here\tand"), "typo here\tand");
    }

    #[test]
    fn names_with_markup_are_text() {
        assert_eq!(
            escape("O'Brien <b>&</b> \"Co\""),
            "O&#39;Brien &lt;b&gt;&amp;&lt;/b&gt; &quot;Co&quot;"
        );
    }

    #[test]
    fn a_placeholder_in_the_night_s_text_stays_text() {
        let page = Page {
            lang: "en-GB",
            title: "{{main}}".into(),
            root: "../",
            head: String::new(),
            main: "<p>{{title}}</p>".into(),
            footer: String::new(),
            site_name: String::new(),
            skip_link: String::new(),
        };
        let out = fill(
            "<title>{{title}}</title><main>{{main}}</main>{{other}}",
            &page,
        );
        assert_eq!(
            out,
            "<title>{{main}}</title><main><p>{{title}}</p></main>{{other}}"
        );
    }

    #[test]
    fn a_template_without_its_content_is_refused_in_words() {
        let e = check_template("<html>{{title}}</html>").unwrap_err();
        assert!(e.contains("{{main}}") && e.contains("{{root}}"), "{e}");
        assert!(e.contains("{{lang}}") && e.contains("{{footer}}"), "{e}");
        assert!(check_template(DEFAULT_TEMPLATE).is_ok());
    }
}
