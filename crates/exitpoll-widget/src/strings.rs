//! Built-in UI strings in English, German, French and Spanish, and the
//! lookup that lets a site config override any of them per locale.
use exitpoll_protocol::SiteConfig;
use exitpoll_protocol::config::UiString;
use exitpoll_protocol::text::language;

/// Strings in [`UiString::ALL`] order.
type Table = [&'static str; 18];

const EN: Table = [
    "Next",
    "Submit",
    "Close",
    "Please answer this question.",
    "Please enter a valid email address.",
    "Please shorten your answer to {max} characters.",
    "Please choose at most {max}.",
    "Other",
    "Tell us more",
    "Copy code",
    "Copied!",
    "Thank you!",
    "Question {current} of {total}",
    "Not likely",
    "Very likely",
    "Type your answer",
    "you@example.com",
    "Choose up to {max}.",
];

const DE: Table = [
    "Weiter",
    "Absenden",
    "Schließen",
    "Bitte beantworten Sie diese Frage.",
    "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
    "Bitte kürzen Sie Ihre Antwort auf {max} Zeichen.",
    "Bitte wählen Sie höchstens {max}.",
    "Sonstiges",
    "Erzählen Sie uns mehr",
    "Code kopieren",
    "Kopiert!",
    "Vielen Dank!",
    "Frage {current} von {total}",
    "Unwahrscheinlich",
    "Sehr wahrscheinlich",
    "Ihre Antwort",
    "sie@beispiel.de",
    "Wählen Sie bis zu {max}.",
];

const FR: Table = [
    "Suivant",
    "Envoyer",
    "Fermer",
    "Veuillez répondre à cette question.",
    "Veuillez saisir une adresse e-mail valide.",
    "Veuillez raccourcir votre réponse à {max} caractères.",
    "Veuillez en choisir au plus {max}.",
    "Autre",
    "Dites-nous en plus",
    "Copier le code",
    "Copié !",
    "Merci !",
    "Question {current} sur {total}",
    "Peu probable",
    "Très probable",
    "Votre réponse",
    "vous@exemple.fr",
    "Choisissez-en jusqu'à {max}.",
];

const ES: Table = [
    "Siguiente",
    "Enviar",
    "Cerrar",
    "Responda a esta pregunta.",
    "Introduzca un correo electrónico válido.",
    "Acorte su respuesta a {max} caracteres.",
    "Elija como máximo {max}.",
    "Otro",
    "Cuéntenos más",
    "Copiar código",
    "¡Copiado!",
    "¡Gracias!",
    "Pregunta {current} de {total}",
    "Poco probable",
    "Muy probable",
    "Su respuesta",
    "usted@ejemplo.es",
    "Elija hasta {max}.",
];

/// The built-in table for a locale's language, English when there is none.
fn builtin(locale: &str) -> &'static Table {
    match language(locale).to_ascii_lowercase().as_str() {
        "de" => &DE,
        "fr" => &FR,
        "es" => &ES,
        _ => &EN,
    }
}

/// A UI string for `locale`: the config's override, else the built-in one.
pub fn ui<'a>(config: &'a SiteConfig, locale: &str, key: UiString) -> &'a str {
    config.ui_string(locale, key).unwrap_or(builtin(locale)[key as usize])
}

/// A UI string with `{name}` placeholders filled in.
pub fn ui_with(config: &SiteConfig, locale: &str, key: UiString, values: &[(&str, usize)]) -> String {
    // Scanned by hand: `str::replace` brings a substring searcher into the wasm.
    let template = ui(config, locale, key);
    let mut out = String::with_capacity(template.len() + 8);
    // `split_once`, not `str` indexing, whose panic path brings ~4 KB of formatting.
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let value = after
            .split_once('}')
            .and_then(|(name, tail)| values.iter().find(|(n, _)| *n == name).map(|&(_, v)| (tail, v)));
        match value {
            Some((tail, v)) => {
                exitpoll_protocol::json::push_u64(&mut out, v as u64);
                rest = tail;
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_string() {
        for table in [&EN, &DE, &FR, &ES] {
            for (i, s) in table.iter().enumerate() {
                assert!(!s.is_empty(), "{}", UiString::NAMES[i]);
            }
            assert_eq!(table[UiString::Progress as usize].matches('{').count(), 2);
        }
    }

    #[test]
    fn overrides_and_fallbacks() {
        let config =
            SiteConfig::decode(r#"{"site":"s","strings":{"de":{"next":"Los"}}}"#).into_strict().unwrap();
        assert_eq!(ui(&config, "de-AT", UiString::Next), "Los");
        assert_eq!(ui(&config, "de", UiString::Close), "Schließen");
        assert_eq!(ui(&config, "fr-CA", UiString::Next), "Suivant");
        assert_eq!(ui(&config, "ja", UiString::Next), "Next");
        assert_eq!(
            ui_with(&config, "en", UiString::Progress, &[("current", 2), ("total", 3)]),
            "Question 2 of 3"
        );
    }

    #[test]
    fn placeholders_that_name_nothing_stay_as_written() {
        let config = SiteConfig::decode(
            r#"{"site":"s","strings":{"en":{"progress":"{total}: {current} {nope} {current}/{total} {open"}}}"#,
        )
        .into_strict()
        .unwrap();
        assert_eq!(
            ui_with(&config, "en", UiString::Progress, &[("current", 2), ("total", 13)]),
            "13: 2 {nope} 2/13 {open"
        );
    }
}
