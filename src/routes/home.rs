//! The landing page at `/`.

use actix_web::{Responder, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::web::Layout;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/", web::get().to(index));
}

#[derive(Template, WebTemplate)]
#[template(path = "home/index.html")]
struct HomePage {
    layout: Layout,
}

async fn index(layout: Layout) -> impl Responder {
    HomePage { layout }
}
