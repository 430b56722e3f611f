package dev.reactivedata.demo.article;

import dev.reactivedata.core.repository.EnableReactiveDataRepositories;

import org.springframework.context.annotation.Configuration;

/**
 * Builds the article and comment repositories on the data layer's repository base class.
 */
@Configuration(proxyBeanMethods = false)
@EnableReactiveDataRepositories
class ArticleRepositoriesConfiguration {

}
