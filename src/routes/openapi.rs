//! `GET /api/openapi.json`: the OpenAPI 3 document of the JSON API (utoipa), assembled from each
//! feature's `#[derive(OpenApi)]` struct, with the bearer-token security scheme.

use actix_web::{HttpResponse, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/openapi.json", web::get().to(document));
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "The token from POST /api/v1/auth/token, sent as `Authorization: Bearer <token>`.",
                    ))
                    .build(),
            ),
        );
    }
}

/// The document's header; paths come from the features merged in [`api_doc`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Whetstone API",
        description = "Practise system-design interviews: timed mock interviews graded against rubrics."
    ),
    modifiers(&BearerAuth)
)]
struct ApiDoc;

/// The whole document.
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    doc.merge(crate::routes::accounts::api::AuthApiDoc::openapi());
    doc.merge(crate::routes::solo::api::SoloApi::openapi());
    doc.merge(crate::routes::teams::api::TeamsApiDoc::openapi());
    doc.merge(crate::routes::ratings::RatingsApiDoc::openapi());
    doc.merge(crate::routes::reviews::api::ReviewsApiDoc::openapi());
    doc
}

async fn document() -> HttpResponse {
    HttpResponse::Ok().json(api_doc())
}
