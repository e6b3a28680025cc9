//! The two responses every page handler ends with: a rendered askama page and a 303 redirect.
//! One copy here instead of one per route module.

use actix_web::HttpResponse;
use actix_web::http::{StatusCode, header};
use askama::Template;

use super::AppError;

/// `page` rendered as HTML with `status`. A template that fails to render is a logged 500.
pub fn page(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let html = page
        .render()
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("template: {e}")))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// `page` rendered as HTML with 200 OK.
pub fn ok_page(p: &impl Template) -> Result<HttpResponse, AppError> {
    page(StatusCode::OK, p)
}

/// A 303 See Other to `location` (after a POST, or to the right page of a flow).
pub fn see_other(location: impl Into<String>) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.into()))
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Template)]
    #[template(source = "<p>{{ name }}</p>", ext = "html")]
    struct Hello<'a> {
        name: &'a str,
    }

    #[test]
    fn pages_are_html_with_their_status_and_escaped() {
        let res = page(StatusCode::CONFLICT, &Hello { name: "<b>" }).unwrap();
        assert_eq!(res.status(), StatusCode::CONFLICT);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            ok_page(&Hello { name: "x" }).unwrap().status(),
            StatusCode::OK
        );
    }

    #[test]
    fn redirects_are_303_to_the_location() {
        let res = see_other("/next?a=1");
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers().get(header::LOCATION).unwrap(), "/next?a=1");
    }
}
